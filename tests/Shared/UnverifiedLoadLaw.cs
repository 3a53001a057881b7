using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Tests;

/// <summary>
/// A command decided on the account as a store last committed it, without a read (<see cref="CommittedAccountCache"/>):
/// never trusted. Two stores on one database stand for two app servers (or processes), so each one's record of its
/// last commit goes stale. Linked into each durable store's tests.
/// </summary>
internal static class UnverifiedLoadLaw
{
    private static readonly Instant Start = ImportLaw.Start;

    /// <summary>
    /// The law: commands executed one by one, each on either of two stores, leave exactly what executing them on the
    /// in-memory store leaves (results, entries, lots, balances, versions, events), with retried and conflicting keys,
    /// orders earned twice, reversals and refunds of what exists or not, and redemptions a stale state would refuse.
    /// </summary>
    public static void Holds(ILedgerStore a, ILedgerStore b, int maxTest)
    {
        var unverified = 0;
        var cases = ImportLaw.Operations.SelectMany(ops => Gen.ArrayOf(Gen.Elements(false, true), ops.Length), (ops, servers) => (ops, servers));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var program = ImportLaw.Program("shop-" + Guid.NewGuid().ToString("N"));
            var commands = c.ops.Select(ImportLaw.Command).ToList();
            var reference = new InMemoryLedgerStore();
            var referenceEngine = new LoyaltyEngine(program, reference, new FakeClock(Start));
            var expected = commands.Select(x => referenceEngine.ExecuteAsync(x).AsTask().GetAwaiter().GetResult()).ToList();

            var engines = new[] { new LoyaltyEngine(program, a, new FakeClock(Start)), new LoyaltyEngine(program, b, new FakeClock(Start)) };
            var actual = new List<LedgerResult>();
            for (var i = 0; i < commands.Count; i++)
            {
                var store = c.servers[i] ? b : a;
                unverified += store.LoadAsync(new LedgerLoadRequest(program.Id, commands[i].MemberId) { AllowUnverified = true }).AsTask().GetAwaiter().GetResult().Unverified ? 1 : 0;
                actual.Add(engines[c.servers[i] ? 1 : 0].ExecuteAsync(commands[i]).AsTask().GetAwaiter().GetResult());
            }

            ImportLaw.AssertSame(reference, referenceEngine, expected, a, engines[0], actual, program);
        }));
        Assert.True(unverified > 0, "no command was decided on an unverified load");
    }

    /// <summary>A redemption the stale state would refuse, and an earn on it, are decided again on the stored state.</summary>
    public static async Task StaleStateAsync(ILedgerStore a, ILedgerStore b)
    {
        var program = ImportLaw.Program("stale");
        var onA = new LoyaltyEngine(program, a, new FakeClock(Start));
        var onB = new LoyaltyEngine(program, b, new FakeClock(Start));
        var member = MemberId.From("m");
        Assert.Equal(LedgerOutcome.Committed, (await onA.ExecuteAsync(Earn("k1", "o1", 10m))).Outcome);
        Assert.Equal(LedgerOutcome.Committed, (await onB.ExecuteAsync(Earn("k2", "o2", 30m))).Outcome);

        // A still holds the account at 10 points; the stored one has 40.
        var held = await a.LoadAsync(new LedgerLoadRequest(program.Id, member) { AllowUnverified = true });
        Assert.True(held.Unverified);
        Assert.Equal(1, held.Account.Version);

        var redeemed = await onA.ExecuteAsync(new RedeemCommand(member, IdempotencyKey.From("r1"), Points.FromInt64(35)));
        Assert.Equal(LedgerOutcome.Committed, redeemed.Outcome);
        Assert.Equal(Points.FromInt64(5), redeemed.Balance.Total);
        Assert.Equal(3, redeemed.Version);

        // And an earn on the stale state loses the version check and is decided again: nothing lost.
        Assert.Equal(LedgerOutcome.Committed, (await onB.ExecuteAsync(Earn("k3", "o3", 10m))).Outcome);
        var earned = await onA.ExecuteAsync(Earn("k4", "o4", 10m));
        Assert.Equal(LedgerOutcome.Committed, earned.Outcome);
        Assert.Equal(Points.FromInt64(25), (await onB.GetBalanceAsync(member)).Total);
    }

    /// <summary>An order earned twice, a retried key and a reversal on a held account are decided on what is stored.</summary>
    public static async Task HeldAccountAsync(ILedgerStore a)
    {
        var program = ImportLaw.Program("held");
        var engine = new LoyaltyEngine(program, a, new FakeClock(Start));
        var member = MemberId.From("m");
        var first = await engine.ExecuteAsync(Earn("k1", "o1", 10m));
        Assert.Equal(LedgerOutcome.Committed, first.Outcome);

        // The held state says nothing of order o1's accrual: the insert finds it, and the decision is taken again.
        var twice = await engine.ExecuteAsync(Earn("k2", "o1", 10m));
        Assert.Equal(LedgerOutcome.Rejected, twice.Outcome);
        Assert.Equal(RejectionReason.OrderAlreadyEarned, twice.Rejection!.Reason);

        // Nor of key k1's record: the key's insert finds it, and the command is replayed.
        var retried = await engine.ExecuteAsync(Earn("k1", "o1", 10m));
        Assert.Equal(LedgerOutcome.Replayed, retried.Outcome);
        Assert.Equal(first.Entries.Select(e => e.Sequence), retried.Entries.Select(e => e.Sequence));

        // A reversal needs the accrual: refused on the held state, it is decided again on the stored one.
        var reversed = await engine.ExecuteAsync(new ReverseEarnCommand(member, IdempotencyKey.From("k3"), "o1", [new ReturnedLine("1", 1)]));
        Assert.Equal(LedgerOutcome.Committed, reversed.Outcome);
        Assert.Equal(Points.Zero, (await engine.GetBalanceAsync(member)).Total);
        Assert.Equal(2, (await engine.GetAccountAsync(member)).Version);
    }

    /// <summary>The held state equals the stored one, and a load asking for a redemption never uses it.</summary>
    public static async Task HeldStateAsync(ILedgerStore a)
    {
        var program = ImportLaw.Program("state");
        var engine = new LoyaltyEngine(program, a, new FakeClock(Start));
        var member = MemberId.From("m");
        await engine.ExecuteAsync(Earn("k1", "o1", 10m));
        await engine.ExecuteAsync(Earn("k2", "o2", 25m));
        await engine.ExecuteAsync(new RedeemCommand(member, IdempotencyKey.From("r1"), Points.FromInt64(12)));

        var held = await a.LoadAsync(new LedgerLoadRequest(program.Id, member) { AllowUnverified = true });
        var stored = await a.LoadAsync(new LedgerLoadRequest(program.Id, member));
        Assert.True(held.Unverified);
        Assert.False(stored.Unverified);
        Assert.Equal(Describe(stored.Account), Describe(held.Account));

        // Asking for a redemption is never answered from the held state.
        Assert.False((await a.LoadAsync(new LedgerLoadRequest(program.Id, member, RedemptionKey: IdempotencyKey.From("r1")) { AllowUnverified = true })).Unverified);
    }

    private static string Describe(AccountState s) =>
        $"{s.Version}|{s.LastSequence}|{s.Debt}|{s.LastRecordedAt}|{s.LastActivityAt}|{s.NextDueAt}|{string.Join(",", s.OpenLots)}|{string.Join(",", s.Counters)}|{s.Tier}|{s.Profile}";

    private static EarnCommand Earn(string key, string order, decimal amount) =>
        new(MemberId.From("m"), IdempotencyKey.From(key), order, Start, [new PurchaseLine("1", "sku", "books", 1, Money.Of(amount, "EUR"))]);
}
