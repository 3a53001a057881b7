using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Tiers;

/// <summary>
/// Laws of tiers over random histories, two members side by side: B buys at the same instants as A, never for less,
/// and only A returns orders; floors are set and cleared for both.
/// </summary>
public sealed class TierLawsTests
{
    private static int _promotions;
    private static int _demotions;
    private static int _floorPromotions;
    private static int _returns;
    private static int _ladderKinds;

    private readonly record struct Step(int Kind, int Amount, int Extra, int Hours);

    private readonly record struct Setup(int Window, int Months, int Grace, QualifyingMetric Metric, string Zone);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Choose(0, 9)
        from amount in Gen.Choose(1, 700)
        from extra in Gen.Choose(0, 300)
        from hours in Gen.Choose(1, 24 * 60)
        select new Step(kind, amount, extra, hours);

    private static readonly Gen<Setup> Setups =
        from window in Gen.Choose(0, 2)
        from months in Gen.Choose(1, 6)
        from grace in Gen.Choose(0, 2)
        from metric in Gen.Elements(QualifyingMetric.Spend, QualifyingMetric.Points, QualifyingMetric.Orders)
        from zone in Gen.Elements("Etc/UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Shanghai")
        select new Setup(window, months, grace, metric, zone);

    private static TierLadder LadderFor(Setup setup)
    {
        var window = setup.Window switch
        {
            0 => TierWindow.CalendarYear,
            1 => TierWindow.Anniversary,
            _ => TierWindow.RollingMonths(setup.Months),
        };
        var grace = setup.Grace switch
        {
            0 => Period.Zero,
            1 => Period.FromDays(10),
            _ => window.Kind == TierWindowKind.RollingMonths ? Period.FromDays(20) : Period.FromMonths(1),
        };
        var orders = setup.Metric == QualifyingMetric.Orders;
        return new TierLadder(
            [
                new Tier("member", 0m),
                new Tier("silver", orders ? 3m : 500m, 1.25m),
                new Tier("gold", orders ? 6m : 1000m, 1.5m, orders ? 5m : 800m),
            ],
            setup.Metric,
            window,
            grace);
    }

    [Fact]
    public void Tiers_AreMonotoneInTheMetric_NeverLoweredMidWindow_AndAPureFunctionOfTheLedger()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(120).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.ArrayOf(Steps, 40).ToArbitrary(),
            Setups.ToArbitrary(),
            (steps, setup) => RunScenario(steps, setup)));

        // The generator must reach every path the laws are about.
        Assert.True(_promotions > 0, "no promotions");
        Assert.True(_demotions > 0, "no demotions");
        Assert.True(_floorPromotions > 0, "no floor promotions");
        Assert.True(_returns > 0, "no returns");
        Assert.True(_ladderKinds == 0b111, "not every window kind");
    }

    private static void RunScenario(Step[] steps, Setup setup)
    {
        var ladder = LadderFor(setup);
        Interlocked.Or(ref _ladderKinds, 1 << (int)ladder.Window.Kind);
        var store = new InMemoryLedgerStore();
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(Program(b => { b.Tiers = ladder; b.TimeZoneId = setup.Zone; }), store, clock);
        var a = Member("a");
        var b = Member("b");
        var aOrders = new List<string>();
        var checkpoints = new List<Instant>();

        void Buy(int i, int amountA, int amountB)
        {
            var now = clock.GetCurrentInstant();
            Execute(new EarnCommand(a, Key($"a{i}"), $"o{i}", now, [Line("l", 1, amountA)]));
            Execute(new EarnCommand(b, Key($"b{i}"), $"o{i}", now, [Line("l", 1, amountB)]));
            aOrders.Add($"o{i}");
        }

        void Execute(LedgerCommand command)
        {
            var result = engine.ExecuteAsync(command).AsTask().GetAwaiter().GetResult();
            Assert.True(result.Outcome == LedgerOutcome.Committed, $"{command.GetType().Name}: {result.Rejection}");
        }

        Buy(0, 100, 100);
        for (var i = 1; i < steps.Length; i++)
        {
            var step = steps[i];
            var before = clock.GetCurrentInstant();
            clock.Advance(Duration.FromHours(step.Hours));
            checkpoints.Add(before + Duration.FromMinutes(step.Hours * 30L)); // between commands: reviews not materialised
            switch (step.Kind)
            {
                case <= 5:
                    Buy(i, step.Amount, step.Amount + step.Extra);
                    break;
                case 6 or 7 when aOrders.Count > 0:
                    var order = aOrders[step.Amount % aOrders.Count];
                    aOrders.Remove(order);
                    Execute(new ReverseEarnCommand(a, Key($"ret{i}"), order, [new ReturnedLine("l", 1)]));
                    Interlocked.Increment(ref _returns);
                    break;
                case 8:
                    var floor = ladder.Tiers[step.Amount % ladder.Tiers.Count].Id;
                    Execute(new SetTierFloorCommand(a, Key($"fa{i}"), floor, "vip"));
                    Execute(new SetTierFloorCommand(b, Key($"fb{i}"), floor, "vip"));
                    break;
                case 9:
                    Execute(new SetTierFloorCommand(a, Key($"fa{i}"), null, "no longer vip"));
                    Execute(new SetTierFloorCommand(b, Key($"fb{i}"), null, "no longer vip"));
                    break;
            }

            checkpoints.Add(clock.GetCurrentInstant());
        }

        checkpoints.Add(clock.GetCurrentInstant() + Duration.FromDays(800)); // long after: every review due

        foreach (var at in checkpoints)
        {
            var statusA = engine.Tiers.GetTierAsync(a, at).AsTask().GetAwaiter().GetResult();
            var statusB = engine.Tiers.GetTierAsync(b, at).AsTask().GetAwaiter().GetResult();
            var indexA = ladder.IndexOf(statusA.Tier.Id);
            var indexB = ladder.IndexOf(statusB.Tier.Id);

            // Monotone: the member with at least as much qualifying activity is never in a lower tier.
            Assert.True(indexB >= indexA, $"{at}: B {statusB.Tier} below A {statusA.Tier}");

            // Promotion as soon as the threshold is crossed: never below what the current window reaches.
            Assert.True(indexA >= ladder.IndexOf(ladder.Reached(statusA.Qualifying).Id), $"{at}: A {statusA.Tier} with {statusA.Qualifying}");
            Assert.True(indexB >= ladder.IndexOf(ladder.Reached(statusB.Qualifying).Id), $"{at}: B {statusB.Tier} with {statusB.Qualifying}");
        }

        foreach (var member in new[] { a, b })
        {
            var account = engine.GetAccountAsync(member).AsTask().GetAwaiter().GetResult();
            var last = account.LastRecordedAt!.Value;
            var entries = store.ReadEntriesUpToAsync(engine.Program.Id, member, Instant.MaxValue).AsTask().GetAwaiter().GetResult();
            var history = engine.Tiers.GetTierHistoryAsync(member, checkpoints[^1]).AsTask().GetAwaiter().GetResult();
            var enrolled = account.Tier!.EnrolledOn;

            // Demotion never happens mid-window: only at a window's end plus the grace period, at local midnight.
            foreach (var change in history)
            {
                if (change.Kind == TierChangeKind.Demotion)
                {
                    Interlocked.Increment(ref _demotions);
                    Assert.True(IsReviewInstant(ladder, engine.Program.TimeZone, enrolled, change.At), $"demotion at {change.At} is not a review instant");
                }
                else if (change.Reason.StartsWith("floor", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _floorPromotions);
                }
                else
                {
                    Interlocked.Increment(ref _promotions);
                    Assert.Contains(entries, e => e.Kind == LedgerEntryKind.Earn && e.RecordedAt == change.At);
                }
            }

            // The changes recorded as entries are exactly the changes the pure replay finds up to the last commit.
            var recorded = entries.Where(e => e.Kind == LedgerEntryKind.TierChange).Select(e => (e.At, e.Tier!, e.Reason!)).ToArray();
            var replayed = history.Where(c => c.At <= last && IsRecordedBy(c, entries)).Select(c => (c.At, c.ToTierId, c.Reason)).ToArray();
            Assert.Equal(replayed, recorded);
            Assert.Equal(history.Count(c => c.At <= last), recorded.Length);

            // The stored state is the replayed state.
            var state = TierMachine.Replay(ladder, engine.Program.TimeZone, entries, last).ToState(last);
            Assert.Equal(state.TierId, account.Tier.TierId);
            Assert.Equal(state.Since, account.Tier.Since);
            Assert.Equal(state.ReviewOn, account.Tier.ReviewOn);
            Assert.Equal(state.FloorTierId, account.Tier.FloorTierId);
            Assert.Equal(state.Buckets, account.Tier.Buckets);
        }
    }

    /// <summary>A change at or before the last commit was recorded by the commit at or after it (reviews are materialised by the next command).</summary>
    private static bool IsRecordedBy(TierChange change, IReadOnlyList<LedgerEntry> entries) =>
        entries.Any(e => e.RecordedAt >= change.At);

    private static bool IsReviewInstant(TierLadder ladder, DateTimeZone zone, LocalDate enrolled, Instant at)
    {
        var boundary = ladder.Window.WindowEnd(enrolled, enrolled);
        while (true)
        {
            var due = boundary.Plus(ladder.Grace).AtStartOfDayInZone(zone).ToInstant();
            if (due == at)
            {
                return true;
            }

            if (due > at)
            {
                return false;
            }

            boundary = ladder.Window.NextBoundary(boundary, enrolled);
        }
    }
}
