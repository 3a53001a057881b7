using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Tests.Ledger;

/// <summary>
/// The laws of the ledger, checked after every step of generated command sequences: balance = earned − redeemed −
/// expired − reversed + refunded ± adjusted; Σ lot.remaining = balance when not in debt; no lot below zero; replaying a
/// key changes nothing; reversal never exceeds what the order earned; expiry never touches spent points; balance as of
/// T does not depend on whether Expire ran; preview == commit.
/// </summary>
public sealed class LedgerLawsTests
{
    private const int Cases = 200;

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true);

    [Fact]
    public void Laws_HoldAfterEveryStep_AndPreviewEqualsCommit()
    {
        var seen = new ConcurrentDictionary<string, int>();
        Check.One(Config, Prop.ForAll(LedgerScenarios.Arbitrary(), scenario => RunAndCheck(scenario, seen)));

        // The generator must reach the hard paths, or the laws above prove little.
        string[] expected =
        [
            "debt", "debt-netted", "written-off", "re-expired", "expired", "refund", "return", "Replayed",
            nameof(RejectionReason.InsufficientPoints), nameof(RejectionReason.ExchangeRateUnavailable),
            nameof(RejectionReason.ReturnExceedsOrder), nameof(RejectionReason.RefundExceedsRedemption), nameof(RejectionReason.BelowMinimum),
        ];
        Assert.All(expected, e => Assert.True(seen.GetValueOrDefault(e) > 0, $"no scenario reached '{e}': {string.Join(", ", seen)}"));
    }

    [Fact]
    public void BalanceAsOfAnyInstant_DoesNotDependOnWhetherExpireRan() =>
        Check.One(Config, Prop.ForAll(LedgerScenarios.Arbitrary(), scenario =>
        {
            var withJob = Run(scenario, skipExpire: false, out var instants);
            var withoutJob = Run(scenario, skipExpire: true, out _);
            var probes = instants.SelectMany(t => new[] { t, t + Duration.FromHours(12), t + Duration.FromDays(31), t + Duration.FromDays(95) }).Distinct();
            foreach (var at in probes)
            {
                for (var m = 0; m < LedgerScenarios.Members; m++)
                {
                    var member = ScenarioRunner.MemberOf(m);
                    var a = withJob.Engine.GetBalanceAsync(member, at).AsTask().GetAwaiter().GetResult();
                    var b = withoutJob.Engine.GetBalanceAsync(member, at).AsTask().GetAwaiter().GetResult();
                    Assert.True(a == b, $"member {member} as of {at}: with the expiry job {a}, without {b}");
                }
            }
        }));

    private static ScenarioRunner Run(LedgerScenario scenario, bool skipExpire, out List<Instant> instants)
    {
        var runner = new ScenarioRunner(scenario.Program);
        instants = new List<Instant>();
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            runner.Clock.Advance(Duration.FromMinutes(scenario.Steps[i].Minutes));
            instants.Add(runner.Clock.GetCurrentInstant());
            if (runner.CommandFor(scenario.Steps, i, skipExpire) is { } command)
            {
                runner.Engine.ExecuteAsync(command).AsTask().GetAwaiter().GetResult();
            }
        }

        return runner;
    }

    private static void RunAndCheck(LedgerScenario scenario, ConcurrentDictionary<string, int> seen)
    {
        var runner = new ScenarioRunner(scenario.Program);
        var committed = new Dictionary<IdempotencyKey, LedgerResult>();
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            runner.Clock.Advance(Duration.FromMinutes(scenario.Steps[i].Minutes));
            if (runner.CommandFor(scenario.Steps, i, skipExpire: false) is not { } command)
            {
                continue;
            }

            var versionBefore = Account(runner, command.MemberId).Version;
            var preview = runner.Engine.PreviewAsync(command).AsTask().GetAwaiter().GetResult();
            var result = runner.Engine.ExecuteAsync(command).AsTask().GetAwaiter().GetResult();
            var context = $"step {i} ({scenario.Steps[i]}), command {command.GetType().Name} {command.Key}";

            // Law: preview == commit.
            if (preview.Outcome == LedgerOutcome.Previewed)
            {
                Assert.True(result.Outcome == LedgerOutcome.Committed, $"{context}: previewed but {result}");
                Assert.True(preview.Balance == result.Balance, $"{context}: preview balance {preview.Balance} != {result.Balance}");
                Assert.True(preview.Entries.SequenceEqual(result.Entries, LedgerEntryEquality.Instance), $"{context}: preview entries differ");
            }
            else
            {
                Assert.True(preview.Outcome == result.Outcome, $"{context}: preview {preview.Outcome} but {result.Outcome}");
                Assert.True(preview.Rejection?.Reason == result.Rejection?.Reason, $"{context}: rejections differ");
            }

            // Law: replaying a committed key returns the original result and changes nothing.
            if (committed.TryGetValue(command.Key, out var original))
            {
                Assert.True(result.Outcome == LedgerOutcome.Replayed, $"{context}: replay gave {result}");
                Assert.True(result.Entries.SequenceEqual(original.Entries, LedgerEntryEquality.Instance), $"{context}: replayed entries differ");
                Assert.True(result.Balance == original.Balance, $"{context}: replayed balance differs");
                Assert.True(Account(runner, command.MemberId).Version == versionBefore, $"{context}: replay changed the version");
            }
            else if (result.Outcome == LedgerOutcome.Committed)
            {
                committed[command.Key] = result;
            }
            else
            {
                Assert.True(Account(runner, command.MemberId).Version == versionBefore, $"{context}: rejection changed the version");
            }

            CheckInvariants(runner, command.MemberId, context);
            Record(seen, result);
        }
    }

    private static void Record(ConcurrentDictionary<string, int> seen, LedgerResult result)
    {
        void Saw(string what) => seen.AddOrUpdate(what, 1, (_, n) => n + 1);
        Saw(result.Rejection?.Reason.ToString() ?? result.Outcome.ToString());
        foreach (var entry in result.Outcome == LedgerOutcome.Committed ? result.Entries : [])
        {
            if (entry.Kind == LedgerEntryKind.Reverse && entry.DebtChange.IsPositive)
            {
                Saw("debt");
            }

            if (entry.WrittenOff.IsPositive)
            {
                Saw("written-off");
            }

            if (entry.Kind == LedgerEntryKind.Expire)
            {
                Saw(entry.RedemptionKey is null ? "expired" : "re-expired");
            }

            if (entry.Kind == LedgerEntryKind.RedemptionRefund)
            {
                Saw("refund");
            }

            if (entry.Kind == LedgerEntryKind.Reverse && entry.Amount.IsNegative)
            {
                Saw("return");
            }

            if (entry.Kind == LedgerEntryKind.Earn && entry.DebtChange.IsNegative)
            {
                Saw("debt-netted");
            }
        }
    }

    private static AccountState Account(ScenarioRunner runner, MemberId member) =>
        runner.Engine.GetAccountAsync(member).AsTask().GetAwaiter().GetResult();

    private static void CheckInvariants(ScenarioRunner runner, MemberId member, string context)
    {
        var program = runner.Program.Id;
        var state = Account(runner, member);
        if (!state.Exists)
        {
            return;
        }

        var entries = runner.Store.ReadEntriesUpToAsync(program, member, Instant.MaxValue).AsTask().GetAwaiter().GetResult();
        var lots = runner.Store.ReadLotsAsync(program, member).AsTask().GetAwaiter().GetResult().ToDictionary(l => l.Id);
        var at = state.LastRecordedAt!.Value;
        var balance = runner.Engine.GetBalanceAsync(member, at).AsTask().GetAwaiter().GetResult();

        Assert.True(entries.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, entries.Count).Select(s => (long)s)), $"{context}: sequence gaps");
        Assert.True(state.LastSequence == entries.Count, $"{context}: last sequence");

        // Law: balance = earned − redeemed − expired − reversed + refunded ± adjusted (each kind with its sign).
        long Sum(LedgerEntryKind kind) => entries.Where(e => e.Kind == kind).Sum(e => e.Amount.Value);
        Assert.True(entries.Where(e => e.Kind is LedgerEntryKind.Earn or LedgerEntryKind.RedemptionRefund).All(e => e.Amount.Value >= 0), $"{context}: negative credit");
        Assert.True(entries.Where(e => e.Kind is LedgerEntryKind.Redeem or LedgerEntryKind.Expire or LedgerEntryKind.Reverse).All(e => e.Amount.Value <= 0), $"{context}: positive debit");
        var earned = Sum(LedgerEntryKind.Earn);
        var redeemed = -Sum(LedgerEntryKind.Redeem);
        var expired = -Sum(LedgerEntryKind.Expire);
        var reversed = -Sum(LedgerEntryKind.Reverse);
        var refunded = Sum(LedgerEntryKind.RedemptionRefund);
        var adjusted = Sum(LedgerEntryKind.Adjust);
        Assert.True(balance.Total.Value == earned - redeemed - expired - reversed + refunded + adjusted, $"{context}: balance law, {balance}");

        // Law: Σ lot.remaining − debt = balance, so Σ lot.remaining = balance when not in debt; debt only with no open lots.
        var open = state.OpenLots.Sum(l => l.Remaining.Value);
        Assert.True(open - state.Debt.Value == balance.Total.Value, $"{context}: lots {open} − debt {state.Debt} != {balance.Total}");
        Assert.True(state.Debt.Value >= 0 && (state.Debt.IsZero || open == 0), $"{context}: debt {state.Debt} beside open lots {open}");
        Assert.True(balance.Available.Value >= 0 || balance.Available == state.Debt.Negate(), $"{context}: overdrawn {balance}");
        if (runner.Program.ReversalPolicy == ReversalPolicy.Capped)
        {
            Assert.True(state.Debt.IsZero, $"{context}: debt under the capped policy");
        }

        // Law: no lot below zero or above its credit; each lot's remaining is the sum of its movements.
        var running = new Dictionary<long, long>();
        foreach (var entry in entries)
        {
            foreach (var movement in entry.Movements)
            {
                var lot = lots[movement.LotId];
                var after = running.GetValueOrDefault(movement.LotId) + movement.Change.Value;
                running[movement.LotId] = after;
                Assert.True(after >= 0, $"{context}: lot {lot.Id} went to {after} at entry {entry.Sequence}");
                if (entry.Kind == LedgerEntryKind.Redeem)
                {
                    // Spending only touches lots that are available and not expired at that instant.
                    Assert.True(lot.AvailableAt <= entry.At && !lot.IsExpiredAt(entry.At), $"{context}: entry {entry.Sequence} spent pending or expired lot {lot.Id}");
                }

                if (entry.Kind == LedgerEntryKind.Expire && entry.RedemptionKey is null)
                {
                    // Law: expiry never touches spent points: it takes exactly what is left, when the lot is due.
                    Assert.True(after == 0, $"{context}: expiry left {after} in lot {lot.Id}");
                    Assert.True(entry.At == lot.ExpiresAt, $"{context}: expiry of lot {lot.Id} dated {entry.At}, due {lot.ExpiresAt}");
                }
            }
        }

        foreach (var lot in lots.Values)
        {
            Assert.True(lot.Remaining.Value >= 0 && lot.Remaining <= lot.Points, $"{context}: lot {lot.Id} remaining {lot.Remaining} of {lot.Points}");
            Assert.True(running.GetValueOrDefault(lot.Id) == lot.Remaining.Value, $"{context}: lot {lot.Id} movements {running.GetValueOrDefault(lot.Id)} != {lot.Remaining}");
        }

        // Law: reversal never exceeds what the order earned, and is exactly what its reverse entries recorded.
        foreach (var orderId in entries.Where(e => e.Kind == LedgerEntryKind.Earn && e.OrderId is not null).Select(e => e.OrderId!))
        {
            var accrual = runner.Engine.Reports.GetAccrualAsync(member, orderId).AsTask().GetAwaiter().GetResult()!;
            var fromEntries = entries.Where(e => e.Kind == LedgerEntryKind.Reverse && e.OrderId == orderId).Sum(e => -e.Amount.Value + e.WrittenOff.Value);
            Assert.True(accrual.ReversedPoints.Value >= 0 && accrual.ReversedPoints <= accrual.TotalPoints, $"{context}: order {orderId} reversed {accrual.ReversedPoints} of {accrual.TotalPoints}");
            Assert.True(fromEntries == accrual.ReversedPoints.Value, $"{context}: order {orderId} reverse entries {fromEntries} != {accrual.ReversedPoints}");
            Assert.True(accrual.Lines.All(l => l.ReversedPoints <= l.Points && l.ReturnedUnits <= l.Units), $"{context}: order {orderId} line over-reversed");
            if (accrual.Lines.All(l => l.ReturnedUnits == l.Units))
            {
                Assert.True(accrual.ReversedPoints == accrual.TotalPoints, $"{context}: fully returned order {orderId} not fully reversed");
            }
        }
    }
}
