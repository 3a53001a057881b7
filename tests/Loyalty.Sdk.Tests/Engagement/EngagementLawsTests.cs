using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Engagement;

/// <summary>FsCheck laws of reservations, tasks, celebrations and the outbox, against simple models.</summary>
public sealed class EngagementLawsTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);

    private static T Run<T>(System.Threading.Tasks.ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    /// <summary>One step: 0 redeem, 1 fulfil, 2 cancel, 3 restock, 4 remove stock, 5 replay an earlier step, 6 use a voucher, 7 earn.</summary>
    private sealed record Step(int Kind, int Member, int Pick, int Quantity);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Choose(0, 7)
        from member in Gen.Choose(0, 3)
        from pick in Gen.Choose(0, 1_000)
        from quantity in Gen.Choose(1, 3)
        select new Step(kind, member, pick, quantity);

    private static int _outOfStock;
    private static int _insufficient;
    private static int _cancelledReserved;
    private static int _fulfilled;
    private static int _refusedRemovals;

    [Fact]
    public void Reservations_ReservedPlusConfirmedPlusAvailableIsTheStock_AndMatchTheClaims_AndPointsFollowThem()
    {
        Check.One(Quick, Prop.ForAll(
            Gen.ArrayOf(Steps, 60).ToArbitrary(),
            Gen.Choose(0, 6).ToArbitrary(),
            (steps, initial) => Reservations(steps, initial)));

        Assert.True(_outOfStock > 0 && _insufficient > 0 && _cancelledReserved > 0 && _fulfilled > 0 && _refusedRemovals > 0,
            $"the generator missed a path: {_outOfStock} {_insufficient} {_cancelledReserved} {_fulfilled} {_refusedRemovals}");
    }

    private static void Reservations(Step[] steps, int initial)
    {
        var (engine, clock, store) = Engine(b => b.Engagement = new EngagementRules
        {
            Rewards =
            [
                new Reward { Id = "item", Kind = RewardKind.PhysicalItem, Points = 30, TracksStock = true },
                new Reward { Id = "code", Kind = RewardKind.Coupon, Points = 20, TracksStock = true, VoucherValidity = Period.FromDays(3) },
            ],
        });
        var members = Enumerable.Range(0, 4).Select(i => Member($"m{i}")).ToArray();
        var earned = new long[4];
        for (var i = 0; i < 4; i++)
        {
            earned[i] = 40 * i;
            if (earned[i] > 0)
            {
                Run(engine.ExecuteAsync(new EarnActivityCommand(members[i], Key($"seed{i}"), "signup", Points.FromInt64(earned[i]))));
            }
        }

        var totals = new Dictionary<string, long> { ["item"] = initial, ["code"] = initial };
        if (initial > 0)
        {
            Run(engine.Rewards.AddStockAsync("item", initial));
            Run(engine.Rewards.AddStockAsync("code", initial));
        }

        var issued = new List<LedgerCommand>();
        var claimKeys = new List<(MemberId Member, IdempotencyKey Key)>();
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            var member = members[step.Member];
            var reward = step.Pick % 2 == 0 ? "item" : "code";
            var stockBefore = Run(engine.Rewards.GetStockAsync(reward));
            LedgerCommand? command = step.Kind switch
            {
                0 => new RedeemRewardCommand(member, Key($"r{i}"), reward),
                1 when claimKeys.Count > 0 => new FulfilRewardCommand(claimKeys[step.Pick % claimKeys.Count].Member, Key($"f{i}"), claimKeys[step.Pick % claimKeys.Count].Key),
                2 when claimKeys.Count > 0 => new CancelRewardCommand(claimKeys[step.Pick % claimKeys.Count].Member, Key($"c{i}"), claimKeys[step.Pick % claimKeys.Count].Key),
                5 when issued.Count > 0 => issued[step.Pick % issued.Count],
                6 when claimKeys.Count > 0 && Run(engine.Rewards.GetClaimsAsync(claimKeys[step.Pick % claimKeys.Count].Member))
                    .FirstOrDefault(c => c.Key == claimKeys[step.Pick % claimKeys.Count].Key)?.VoucherCode is { } code =>
                    new UseVoucherCommand(claimKeys[step.Pick % claimKeys.Count].Member, Key($"u{i}"), code),
                7 => new EarnActivityCommand(member, Key($"e{i}"), "signup", Points.FromInt64(10 * step.Quantity)),
                _ => null,
            };
            if (step.Kind == 3)
            {
                Run(engine.Rewards.AddStockAsync(reward, step.Quantity));
                totals[reward] += step.Quantity;
            }
            else if (step.Kind == 4)
            {
                try
                {
                    Run(engine.Rewards.AddStockAsync(reward, -step.Quantity));
                    Assert.True(stockBefore.Available >= step.Quantity);
                    totals[reward] -= step.Quantity;
                }
                catch (InvalidOperationException)
                {
                    Assert.True(stockBefore.Available < step.Quantity);
                    Interlocked.Increment(ref _refusedRemovals);
                }
            }

            if (command is null)
            {
                continue;
            }

            if (command is RedeemRewardCommand redeem)
            {
                stockBefore = Run(engine.Rewards.GetStockAsync(redeem.RewardId));
            }

            var claimBefore = command is CancelRewardCommand or FulfilRewardCommand
                ? Run(engine.Rewards.GetClaimsAsync(command.MemberId)).First(c => c.Key == (command is CancelRewardCommand cc ? cc.ClaimKey : ((FulfilRewardCommand)command).ClaimKey))
                : null;
            var result = Run(engine.ExecuteAsync(command));
            issued.Add(command);
            if (command is EarnActivityCommand && result.Outcome == LedgerOutcome.Committed)
            {
                earned[Array.IndexOf(members, command.MemberId)] += ((EarnActivityCommand)command).Points!.Value.Value;
            }

            if (command is RedeemRewardCommand && result.Outcome == LedgerOutcome.Committed)
            {
                Assert.True(stockBefore.Available >= 1);
                claimKeys.Add((command.MemberId, command.Key));
            }
            else if (command is RedeemRewardCommand && result.Rejection?.Reason == RejectionReason.RewardOutOfStock)
            {
                Assert.Equal(0, stockBefore.Available);
                Interlocked.Increment(ref _outOfStock);
            }
            else if (result.Rejection?.Reason == RejectionReason.InsufficientPoints)
            {
                Interlocked.Increment(ref _insufficient);
            }
            else if (command is CancelRewardCommand && result.Outcome == LedgerOutcome.Committed && claimBefore!.Status == ClaimStatus.Reserved)
            {
                Interlocked.Increment(ref _cancelledReserved);
            }
            else if (command is FulfilRewardCommand && result.Outcome == LedgerOutcome.Committed)
            {
                Interlocked.Increment(ref _fulfilled);
            }

            clock.Advance(Duration.FromHours(7));
        }

        // The laws.
        var claims = members.SelectMany(m => Run(engine.Rewards.GetClaimsAsync(m))).ToList();
        foreach (var id in new[] { "item", "code" })
        {
            var stock = Run(engine.Rewards.GetStockAsync(id));
            Assert.Equal(stock.Total, stock.Reserved + stock.Confirmed + stock.Available);
            Assert.True(stock.Available >= 0 && stock.Reserved >= 0 && stock.Confirmed >= 0);
            Assert.Equal(claims.Count(c => c.RewardId == id && c.Status == ClaimStatus.Reserved), stock.Reserved);
            Assert.Equal(claims.Count(c => c.RewardId == id && c.Status == ClaimStatus.Fulfilled), stock.Confirmed);
            Assert.Equal(totals[id], stock.Total);
        }

        for (var i = 0; i < 4; i++)
        {
            var held = claims.Where(c => c.MemberId == members[i] && c.Status != ClaimStatus.Cancelled).Sum(c => c.Points.Value);
            var balance = Run(engine.GetBalanceAsync(members[i]));
            Assert.Equal(earned[i] - held, balance.Total.Value);
            Assert.True(balance.Available.Value >= 0);
        }

        // Every event belongs to a committed command, and each claim was announced exactly once.
        var events = Run(engine.Events.ReadEventsAsync(EventCursor.Start, 100_000));
        Assert.All(events, e => Assert.NotNull(Run(store.FindIdempotencyRecordAsync(engine.Program.Id, MemberId.From(e.Event.MemberId), Key(e.Event.CommandKey)))));
        Assert.Equal(claims.Select(c => c.Key.Value).Order(), events.Select(e => e.Event).OfType<RewardRedeemed>().Select(e => e.ClaimKey).Order());
        Assert.Equal(events.Count, events.Select(e => e.Event.EventId).Distinct().Count());
    }

    [Fact]
    public void Tasks_AwardOncePerPeriod_WhateverTheOrderAndRepetitionOfActions()
    {
        var task = new EngagementTask { Id = "t", Action = "review", Count = 3, Period = CapPeriod.Month, Points = 50 };
        Check.One(Quick, Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 24 * 120), 25).ToArbitrary(),
            Gen.ArrayOf(Gen.Choose(0, 30), 25).ToArbitrary(),
            (hours, replays) =>
            {
                var (engine, clock, _) = Engine(b => b.Engagement = new EngagementRules { Tasks = [task] });
                var times = hours.Select(h => Start + Duration.FromHours(h)).Order().ToArray();
                var accepted = new List<Instant>();
                for (var i = 0; i < times.Length; i++)
                {
                    clock.Reset(times[i]);
                    // Some actions are retried with the same key (at-least-once senders): they must count once.
                    var key = replays[i] < 5 && i > 0 ? $"a{i - 1}" : $"a{i}";
                    var result = Run(engine.ExecuteAsync(new EarnActivityCommand(Member(), Key(key), "review")));
                    if (result.Outcome == LedgerOutcome.Committed)
                    {
                        accepted.Add(times[i]);
                    }
                }

                var months = accepted.GroupBy(t => t.InZone(engine.Program.TimeZone).Date.ToYearMonth()).ToDictionary(g => g.Key, g => g.Count());
                var completions = Run(engine.Events.ReadEventsAsync(EventCursor.Start, 10_000)).Select(e => e.Event).OfType<TaskCompleted>().ToList();
                Assert.Equal(months.Where(m => m.Value >= 3).Select(m => m.Key.OnDayOfMonth(1).ToString("uuuu-MM-dd", null)).Order(), completions.Select(c => c.PeriodStart).Order());
                Assert.Equal(50 * completions.Count, Run(engine.GetBalanceAsync(Member(), Instant.MaxValue)).Total.Value);
                foreach (var (month, count) in months)
                {
                    var end = engine.Program.TimeZone.AtStartOfDay(month.OnDayOfMonth(1).PlusMonths(1)).ToInstant() - Duration.FromTicks(1);
                    var progress = Run(engine.Rewards.GetTaskProgressAsync(Member(), end)).Single();
                    Assert.Equal((Math.Min(count, 3), count >= 3), (progress.Done, progress.Completed));
                }
            }));
    }

    [Fact]
    public void Birthdays_AreGrantedOncePerYear_ExactlyWhenSomeJobRunFallsInTheWindow_WhateverTheSchedule()
    {
        var zones = new[] { "Asia/Tokyo", "America/Los_Angeles", "Europe/Berlin", "Pacific/Kiritimati", "America/Sao_Paulo" };
        var sawGrant = 0;
        var sawMiss = 0;
        var setups =
            from day in Gen.Choose(0, 365)
            from grace in Gen.Choose(0, 5)
            from zone in Gen.Elements(zones)
            select (day, grace, zone);
        Check.One(Quick, Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(0, 24 * 800), 30).ToArbitrary(),
            setups.ToArbitrary(),
            (hours, setup) =>
            {
                var (dayOfYear, grace, zoneId) = setup;
                var (engine, clock, _) = Engine(b => b.Engagement = new EngagementRules
                {
                    Celebrations = [new CelebrationRule { Kind = CelebrationKind.Birthday, Points = 7, GraceDays = grace }],
                });
                var birthday = dayOfYear == 365 ? new AnnualDate(2, 29) : new LocalDate(2024, 1, 1).PlusDays(dayOfYear) is var d ? new AnnualDate(d.Month, d.Day) : default;
                Run(engine.ExecuteAsync(new SetProfileCommand(Member(), Key("profile"), birthday, zoneId)));
                var zone = DateTimeZoneProviders.Tzdb[zoneId];
                var expected = new SortedSet<int>();
                foreach (var run in hours.Select(h => Start + Duration.FromHours(h)).Order())
                {
                    clock.Reset(run);
                    Run(engine.Jobs.RunCelebrationsAsync());
                    var today = run.InZone(zone).Date;
                    var occasion = birthday.InYear(today.Year) <= today ? birthday.InYear(today.Year) : birthday.InYear(today.Year - 1);
                    if (Period.DaysBetween(occasion, today) <= grace)
                    {
                        expected.Add(occasion.Year);
                    }
                }

                var granted = Run(engine.Reports.GetStatementAsync(Member(), Instant.MinValue, Instant.MaxValue)).Lines
                    .Where(l => l.Kind == LedgerEntryKind.Adjust).Select(l => int.Parse(l.Entry!.Reason!["birthday:".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(expected, granted);
                Interlocked.Add(ref sawGrant, granted.Count);
                Interlocked.Add(ref sawMiss, hours.Length > 0 && granted.Count == 0 ? 1 : 0);
            }));
        Assert.True(sawGrant > 0 && sawMiss > 0, $"grants {sawGrant}, misses {sawMiss}");
    }

    [Fact]
    public void Leaderboard_RanksEqualOnePlusTheMembersWithMorePoints_InPointsThenIdOrder()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.ArrayOf(Gen.Choose(-3, 12), 0).ToArbitrary(),
            Gen.Choose(0, 40).ToArbitrary(),
            (values, top) =>
            {
                var rows = values.Select((v, i) => new MemberPoints(Member($"m{(i * 7919) % 1000:000}-{i}"), v)).ToArray();
                var board = new Leaderboard(new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31)), rows);
                var positive = rows.Where(r => r.Points > 0).ToArray();
                var expected = positive.OrderByDescending(r => r.Points).ThenBy(r => r.MemberId.Value, StringComparer.Ordinal)
                    .Select(r => new LeaderboardRow(1 + positive.Count(o => o.Points > r.Points), r.MemberId, r.Points)).ToArray();
                Assert.Equal(expected.Take(top), board.Top(top));
                Assert.Equal(expected.Length, board.Count);
                Assert.All(rows, r => Assert.Equal(r.Points > 0 ? expected.Single(e => e.MemberId == r.MemberId) : null, board.RankOf(r.MemberId)));
            }));
    }
}
