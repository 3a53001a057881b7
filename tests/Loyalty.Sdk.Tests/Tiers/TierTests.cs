using System;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Configuration;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Tiers;

public sealed class TierTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    internal static TierLadder Ladder(TierWindow? window = null, QualifyingMetric metric = QualifyingMetric.Spend, Period? grace = null) => new(
        [
            new Tier("member", 0m),
            new Tier("silver", 500m, earningMultiplier: 1.25m),
            new Tier("gold", 1000m, earningMultiplier: 1.5m, retainThreshold: 800m),
        ],
        metric,
        window ?? TierWindow.CalendarYear,
        grace);

    private static (LoyaltyEngine Engine, FakeClock Clock, InMemoryLedgerStore Store) TierEngine(TierLadder? ladder = null, Instant? start = null, Action<LoyaltyProgramBuilder>? configure = null)
    {
        var store = new InMemoryLedgerStore();
        var clock = new FakeClock(start ?? Start);
        var program = Program(b =>
        {
            b.Tiers = ladder ?? Ladder();
            configure?.Invoke(b);
        });
        return (new LoyaltyEngine(program, store, clock), clock, store);
    }

    private static Instant Local(int y, int m, int d, int h = 12) => new LocalDateTime(y, m, d, h, 0).InZoneLeniently(Berlin).ToInstant();

    private static Task<LedgerResult> Buy(LoyaltyEngine engine, FakeClock clock, string orderId, decimal amount, string member = "alice", string category = "books") =>
        engine.ExecuteAsync(new EarnCommand(Member(member), Key("earn:" + member + ":" + orderId), orderId, clock.GetCurrentInstant(), [Line("l1", 1, amount, category: category)])).AsTask();

    [Fact]
    public async Task Promotion_HappensOnTheEarnThatCrossesTheThreshold_AndTheMultiplierAppliesFromTheNextOrder()
    {
        var (engine, clock, _) = TierEngine();

        var first = await Buy(engine, clock, "o1", 400m);
        Assert.DoesNotContain(first.Entries, e => e.Kind == LedgerEntryKind.TierChange);
        Assert.Equal("member", (await engine.Tiers.GetTierAsync(Member())).Tier.Id);

        clock.AdvanceDays(3);
        var crossing = await Buy(engine, clock, "o2", 200m);
        var change = Assert.Single(crossing.Entries, e => e.Kind == LedgerEntryKind.TierChange);
        Assert.Equal("silver", change.Tier);
        Assert.Equal(clock.GetCurrentInstant(), change.At);
        Assert.Contains("spend 600 in 2026-01-01..2026-12-31 reached silver (500)", change.Reason, StringComparison.Ordinal);
        Assert.Equal(P(200), crossing.Entries[0].Amount); // the crossing order earns at the old tier's rate

        clock.AdvanceDays(1);
        var next = await Buy(engine, clock, "o3", 100m);
        Assert.Equal(P(125), next.Entries[0].Amount);
        var accrual = await engine.Reports.GetAccrualAsync(Member(), "o3");
        Assert.Contains("tier:silver×1.25", accrual!.Lines[0].Rules);

        var status = await engine.Tiers.GetTierAsync(Member());
        Assert.Equal("silver", status.Tier.Id);
        Assert.Equal(700m, status.Qualifying);
        Assert.Equal(new LocalDate(2027, 1, 1), status.ReviewOn);
    }

    [Fact]
    public async Task Qualifying_IsNotTheSpendableBalance_RedeemingDoesNotLowerTheTier()
    {
        var (engine, clock, _) = TierEngine(Ladder(metric: QualifyingMetric.Points));
        await Buy(engine, clock, "o1", 600m);
        await engine.ExecuteAsync(Redeem("r1", 600));

        var status = await engine.Tiers.GetTierAsync(Member());
        Assert.Equal("silver", status.Tier.Id);
        Assert.Equal(600m, status.Qualifying);
        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member())).Available);
    }

    [Fact]
    public async Task Demotion_WaitsForTheEndOfTheWindowAndTheGracePeriod()
    {
        var (engine, clock, _) = TierEngine(Ladder(grace: Period.FromMonths(1)), start: Local(2026, 3, 10));
        await Buy(engine, clock, "o1", 1200m); // gold in 2026, kept through 2027 by the 2026 review
        clock.Reset(Local(2027, 6, 1));
        await Buy(engine, clock, "o2", 100m); // 2027 spend: 100, below gold's retain threshold (800)

        Assert.Equal("gold", (await engine.Tiers.GetTierAsync(Member(), Local(2027, 12, 31, 23))).Tier.Id);
        Assert.Equal("gold", (await engine.Tiers.GetTierAsync(Member(), Local(2028, 1, 31, 23))).Tier.Id); // grace
        var demotedAt = new LocalDate(2028, 2, 1).AtStartOfDayInZone(Berlin).ToInstant();
        Assert.Equal("gold", (await engine.Tiers.GetTierAsync(Member(), demotedAt - Duration.Epsilon)).Tier.Id);
        var after = await engine.Tiers.GetTierAsync(Member(), demotedAt);
        Assert.Equal("member", after.Tier.Id);
        Assert.Equal(demotedAt, after.Since);

        var history = await engine.Tiers.GetTierHistoryAsync(Member(), Local(2028, 3, 1));
        Assert.Equal(new[] { ("member", "gold"), ("gold", "member") }, history.Select(h => (h.FromTierId, h.ToTierId)));
        Assert.Equal(TierChangeKind.Demotion, history[1].Kind);
        Assert.Equal(demotedAt, history[1].At);
        Assert.Contains("review of 2027-01-01..2027-12-31: spend 100 below 800 to keep gold", history[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demotion_KeepsTheHighestTierWhoseRetainThresholdTheEndedWindowMet()
    {
        var (engine, clock, _) = TierEngine(start: Local(2026, 3, 10));
        await Buy(engine, clock, "o1", 1200m);
        clock.Reset(Local(2027, 6, 1));
        await Buy(engine, clock, "o2", 790m); // below gold's 800 to keep, above silver's 500

        Assert.Equal("silver", (await engine.Tiers.GetTierAsync(Member(), Local(2028, 1, 1, 1))).Tier.Id);

        var kept = TierEngine(start: Local(2026, 3, 10));
        await Buy(kept.Engine, kept.Clock, "o1", 1200m);
        kept.Clock.Reset(Local(2027, 6, 1));
        await Buy(kept.Engine, kept.Clock, "o2", 800m); // exactly the retain threshold
        Assert.Equal("gold", (await kept.Engine.Tiers.GetTierAsync(Member(), Local(2028, 1, 1, 1))).Tier.Id);
    }

    [Fact]
    public async Task TheExpiryJob_MaterialisesDueReviews_AndTheRecordedChangesEqualTheReplayedHistory()
    {
        var (engine, clock, store) = TierEngine(start: Local(2026, 3, 10));
        await Buy(engine, clock, "o1", 600m);
        await Buy(engine, clock, "o1", 600m, member: "bob");
        clock.Reset(Local(2027, 1, 1, 0) + Duration.FromMinutes(1));
        await Buy(engine, clock, "o2", 50m, member: "bob");

        clock.Reset(Local(2028, 1, 1, 0) + Duration.FromHours(1));
        var run = await engine.Jobs.RunExpiryAsync();
        Assert.Equal(2, run.TierChanges);
        Assert.Equal(0, run.EntriesWritten);

        foreach (var member in new[] { "alice", "bob" })
        {
            var entries = await store.ReadEntriesUpToAsync(engine.Program.Id, Member(member), clock.GetCurrentInstant());
            var recorded = entries.Where(e => e.Kind == LedgerEntryKind.TierChange).Select(e => (e.At, e.Tier, e.Reason)).ToArray();
            var replayed = (await engine.Tiers.GetTierHistoryAsync(Member(member))).Select(c => (c.At, (string?)c.ToTierId, (string?)c.Reason)).ToArray();
            Assert.Equal(replayed, recorded);
            Assert.Equal("member", (await engine.GetAccountAsync(Member(member))).Tier!.TierId);
        }

        Assert.Equal(0, (await engine.Jobs.RunExpiryAsync()).TierChanges); // idempotent
    }

    [Fact]
    public async Task Returns_ReduceTheQualifyingMetric_OfTheWindowTheOrderCountedIn()
    {
        var (engine, clock, _) = TierEngine(OrdersLadder(), start: Local(2026, 12, 20));
        await engine.ExecuteAsync(new EarnCommand(Member(), Key("e1"), "o1", clock.GetCurrentInstant(), [Line("a", 2, 10m), Line("b", 1, 10m)]));
        await Buy(engine, clock, "o2", 10m);
        Assert.Equal("silver", (await engine.Tiers.GetTierAsync(Member())).Tier.Id);

        clock.Reset(Local(2027, 1, 5));
        await engine.ExecuteAsync(new ReverseEarnCommand(Member(), Key("ret1"), "o1", [new ReturnedLine("a", 2)]));
        Assert.Equal(2m, (await engine.Tiers.GetTierAsync(Member(), Local(2026, 12, 31))).Qualifying); // part-returned orders still count
        await engine.ExecuteAsync(new ReverseEarnCommand(Member(), Key("ret2"), "o1", [new ReturnedLine("b", 1)]));

        // The whole return lowers 2026 (the order's window), not 2027, and the pending review of 2026 sees it.
        var status = await engine.Tiers.GetTierAsync(Member());
        Assert.Equal(0m, status.Qualifying);
        Assert.Equal(1m, status.ReviewedQualifying);
        Assert.Equal(new LocalDate(2027, 1, 1), status.ReviewOn);
        Assert.Equal(new LocalDate(2027, 2, 1).AtStartOfDayInZone(Berlin).ToInstant(), status.ReviewAt); // one month's grace
        Assert.Equal("member", (await engine.Tiers.GetTierAsync(Member(), Local(2027, 2, 1, 1))).Tier.Id);
    }

    private static TierLadder OrdersLadder() => new(
        [new Tier("member", 0m), new Tier("silver", 2m, retainThreshold: 2m)],
        QualifyingMetric.Orders,
        TierWindow.CalendarYear,
        Period.FromMonths(1));

    [Fact]
    public async Task ReturnedSpend_IsProportionalToUnits_AndExactOnceEveryUnitIsBack()
    {
        var (engine, clock, store) = TierEngine(configure: b => b.Earning = new EarningRules(excludedCategories: ["shipping"]));
        await engine.ExecuteAsync(new EarnCommand(Member(), Key("e1"), "o1", clock.GetCurrentInstant(), [Line("a", 3, 100m), Line("s", 1, 10m, category: "shipping")]));
        await engine.ExecuteAsync(new ReverseEarnCommand(Member(), Key("r1"), "o1", [new ReturnedLine("a", 1)]));
        await engine.ExecuteAsync(new ReverseEarnCommand(Member(), Key("r2"), "o1", [new ReturnedLine("a", 2)]));

        var entries = await store.ReadEntriesUpToAsync(engine.Program.Id, Member(), clock.GetCurrentInstant());
        var changes = entries.Where(e => e.Qualifying is not null).Select(e => e.Qualifying!.Value).ToArray();
        Assert.Equal(300m, changes[0].Spend); // shipping does not qualify
        Assert.Equal(-100m, changes[1].Spend);
        Assert.Equal(-200m, changes[2].Spend);
        Assert.Equal(0, changes.Sum(c => c.Orders));
        Assert.Equal(0m, (await engine.Tiers.GetTierAsync(Member())).Qualifying);
    }

    [Fact]
    public async Task Floor_RaisesAtOnce_SurvivesReviews_AndClearingItLowersOnlyAtTheNextReview()
    {
        var (engine, clock, _) = TierEngine(start: Local(2026, 3, 10));
        var set = await engine.ExecuteAsync(new SetTierFloorCommand(Member(), Key("vip"), "gold", "CEO's friend"));
        Assert.Equal(LedgerOutcome.Committed, set.Outcome);
        Assert.Equal(new[] { LedgerEntryKind.TierFloor, LedgerEntryKind.TierChange }, set.Entries.Select(e => e.Kind));
        Assert.Contains("floor set to gold: CEO's friend", set.Entries[1].Reason, StringComparison.Ordinal);

        var status = await engine.Tiers.GetTierAsync(Member(), Local(2029, 6, 1));
        Assert.Equal("gold", status.Tier.Id); // three reviews with no spend
        Assert.Equal("gold", status.FloorTierId);
        Assert.Equal(0m, status.NeededToKeep);

        clock.Reset(Local(2029, 6, 1));
        await engine.ExecuteAsync(new SetTierFloorCommand(Member(), Key("vip-off"), null, "left the board"));
        Assert.Equal("gold", (await engine.Tiers.GetTierAsync(Member(), Local(2029, 12, 31))).Tier.Id);
        Assert.Equal("member", (await engine.Tiers.GetTierAsync(Member(), Local(2030, 1, 1, 1))).Tier.Id);
    }

    [Fact]
    public async Task Floor_RejectsAnUnknownTier_AndProgramsWithoutTiers()
    {
        var (engine, _, _) = TierEngine();
        var unknown = await engine.ExecuteAsync(new SetTierFloorCommand(Member(), Key("f1"), "diamond", "typo"));
        Assert.Equal(RejectionReason.UnknownTier, unknown.Rejection!.Reason);
        Assert.Equal(0, (await engine.GetAccountAsync(Member())).Version);

        var (plain, _, _) = Engine();
        var none = await plain.ExecuteAsync(new SetTierFloorCommand(Member(), Key("f1"), "gold", "x"));
        Assert.Equal(RejectionReason.UnknownTier, none.Rejection!.Reason);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await plain.Tiers.GetTierAsync(Member()));
    }

    [Fact]
    public async Task RollingWindow_CountsWholeMonths_AndReviewsAtEveryMonthStart()
    {
        var (engine, clock, _) = TierEngine(Ladder(TierWindow.RollingMonths(3)), start: Local(2026, 1, 31));
        await Buy(engine, clock, "o1", 300m);
        clock.Reset(Local(2026, 3, 31));
        await Buy(engine, clock, "o2", 300m); // Jan + Mar within Jan..Mar
        var status = await engine.Tiers.GetTierAsync(Member());
        Assert.Equal("silver", status.Tier.Id);
        Assert.Equal(new LocalDate(2026, 1, 1), status.WindowStart);
        Assert.Equal(new LocalDate(2026, 3, 31), status.WindowEnd);
        Assert.Equal(new LocalDate(2026, 4, 1), status.ReviewOn);

        // 1 April reviews Jan..Mar (600: kept); 1 May reviews Feb..Apr (300: lowered).
        Assert.Equal("silver", (await engine.Tiers.GetTierAsync(Member(), Local(2026, 4, 30))).Tier.Id);
        var may = await engine.Tiers.GetTierAsync(Member(), Local(2026, 5, 1, 0) + Duration.FromMinutes(1));
        Assert.Equal("member", may.Tier.Id);
        Assert.Equal(new LocalDate(2026, 5, 1).AtStartOfDayInZone(Berlin).ToInstant(), may.Since);
    }

    [Fact]
    public async Task AnniversaryWindow_FromALeapDayEnrolment_EndsOn28FebruaryInOtherYears()
    {
        var (engine, clock, _) = TierEngine(Ladder(TierWindow.Anniversary), start: Local(2024, 2, 29));
        await Buy(engine, clock, "o1", 600m);
        var status = await engine.Tiers.GetTierAsync(Member());
        Assert.Equal(new LocalDate(2024, 2, 29), status.WindowStart);
        Assert.Equal(new LocalDate(2025, 2, 27), status.WindowEnd);
        Assert.Equal(new LocalDate(2025, 2, 28), status.ReviewOn);

        // Reviewed 28 Feb 2025 on the first membership year (kept); 28 Feb 2026 on the second (empty: lowered).
        Assert.Equal("silver", (await engine.Tiers.GetTierAsync(Member(), Local(2026, 2, 27, 23))).Tier.Id);
        var lowered = await engine.Tiers.GetTierAsync(Member(), Local(2026, 2, 28, 0) + Duration.FromMinutes(1));
        Assert.Equal("member", lowered.Tier.Id);
        Assert.Equal(new LocalDate(2026, 2, 28), lowered.WindowStart);
        Assert.Equal(new LocalDate(2027, 2, 27), lowered.WindowEnd);

        var leapYear = await engine.Tiers.GetTierAsync(Member(), Local(2028, 3, 1));
        Assert.Equal(new LocalDate(2028, 2, 29), leapYear.WindowStart);
    }

    [Fact]
    public async Task ReviewOnADayWithoutMidnight_TakesEffectAtTheFirstInstantOfTheLocalDay()
    {
        // São Paulo skipped 00:00–01:00 on 4 November 2018 (DST began at midnight).
        var saoPaulo = DateTimeZoneProviders.Tzdb["America/Sao_Paulo"];
        var start = new LocalDateTime(2018, 9, 20, 12, 0).InZoneStrictly(saoPaulo).ToInstant();
        var (engine, clock, _) = TierEngine(Ladder(TierWindow.RollingMonths(1), grace: Period.FromDays(3)), start, b => b.TimeZoneId = "America/Sao_Paulo");
        await Buy(engine, clock, "o1", 600m);

        var october = await engine.Tiers.GetTierAsync(Member(), new LocalDateTime(2018, 10, 15, 12, 0).InZoneStrictly(saoPaulo).ToInstant());
        Assert.Equal(new LocalDate(2018, 11, 1), october.ReviewOn); // 1 Oct kept silver on September's 600; October is empty
        var firstInstant = Instant.FromUtc(2018, 11, 4, 3, 0); // 01:00 -02:00
        Assert.Equal(firstInstant, october.ReviewAt);
        Assert.Equal("silver", (await engine.Tiers.GetTierAsync(Member(), firstInstant - Duration.Epsilon)).Tier.Id);
        Assert.Equal("member", (await engine.Tiers.GetTierAsync(Member(), firstInstant)).Tier.Id);
    }

    [Fact]
    public async Task Projection_SaysWhatIsNeededToReachTheNextTierAndKeepTheCurrentOne_AndByWhen()
    {
        var (engine, clock, _) = TierEngine(start: Local(2026, 3, 10));
        await Buy(engine, clock, "o1", 1100m);
        clock.Reset(Local(2027, 4, 1));
        await Buy(engine, clock, "o2", 300m);

        var status = await engine.Tiers.GetTierAsync(Member());
        Assert.Equal("gold", status.Tier.Id);
        Assert.Null(status.NextTier);
        Assert.Equal(new LocalDate(2028, 1, 1), status.ReviewOn);
        Assert.Equal(300m, status.ReviewedQualifying);
        Assert.Equal(500m, status.NeededToKeep); // 800 to keep gold
        Assert.Equal(new LocalDate(2027, 12, 31), status.KeepBy);

        var newcomer = await engine.Tiers.GetTierAsync(Member("bob"));
        Assert.Equal("member", newcomer.Tier.Id);
        Assert.Null(newcomer.Since);
        Assert.Equal("silver", newcomer.NextTier!.Id);
        Assert.Equal(500m, newcomer.NeededForNextTier);
        Assert.Equal(new LocalDate(2027, 12, 31), newcomer.NextTierBy);
        Assert.Null(newcomer.NeededToKeep);
    }

    [Fact]
    public async Task TierAsOf_IsAPureFunctionOfTheLedger_StateAndReplayAgree()
    {
        var (engine, clock, store) = TierEngine(Ladder(metric: QualifyingMetric.Points), start: Local(2026, 3, 10));
        await Buy(engine, clock, "o1", 700m);
        clock.AdvanceDays(40);
        await Buy(engine, clock, "o2", 400m);
        var atGold = clock.GetCurrentInstant();
        clock.AdvanceDays(400);
        await Buy(engine, clock, "o3", 10m);

        var account = await engine.GetAccountAsync(Member());
        var entries = await store.ReadEntriesUpToAsync(engine.Program.Id, Member(), clock.GetCurrentInstant());
        var replayed = TierMachine.Replay(engine.Program.Tiers!, engine.Program.TimeZone, entries, clock.GetCurrentInstant()).ToState(clock.GetCurrentInstant());
        Assert.Equal(account.Tier!.TierId, replayed.TierId);
        Assert.Equal(account.Tier.Since, replayed.Since);
        Assert.Equal(account.Tier.ReviewOn, replayed.ReviewOn);
        Assert.Equal(account.Tier.Buckets, replayed.Buckets);
        Assert.Equal("gold", (await engine.Tiers.GetTierAsync(Member(), atGold)).Tier.Id);
        Assert.Equal("silver", (await engine.Tiers.GetTierAsync(Member(), atGold - Duration.FromDays(1))).Tier.Id);
    }

    [Fact]
    public async Task Campaigns_ForATierOrASegment_ApplyOnlyToThoseMembers()
    {
        var goldDays = new Campaign("gold-days", 2m, tiers: ["gold"]);
        var students = new Campaign("students", 3m, segments: ["student"]);
        var (engine, clock, _) = TierEngine(configure: b => b.Earning = new EarningRules(campaigns: [goldDays, students], stacking: CampaignStacking.Multiply));
        await engine.ExecuteAsync(new SetTierFloorCommand(Member("gina"), Key("vip"), "gold", "test"));

        var plain = await Buy(engine, clock, "o1", 10m);
        var gold = await Buy(engine, clock, "o1", 10m, member: "gina");
        var student = await engine.ExecuteAsync(new EarnCommand(Member("stu"), Key("s1"), "o1", clock.GetCurrentInstant(), [Line("a", 1, 10m)], segments: ["student", "eu"]));

        Assert.Equal(P(10), plain.Entries[0].Amount);
        Assert.Equal(P(30), gold.Entries[0].Amount); // 10 × 2 (gold-days) × 1.5 (gold tier)
        Assert.Equal(P(30), student.Entries[0].Amount);
    }

    [Fact]
    public void Builder_RejectsACampaignForATierNotInTheLadder()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program(b =>
        {
            b.Tiers = Ladder();
            b.Earning = new EarningRules(campaigns: [new Campaign("x", 2m, tiers: ["platinum"])]);
        }));
        Assert.Contains(error.Errors, e => e.Contains("tier 'platinum'", StringComparison.Ordinal));
        Assert.Throws<ProgramValidationException>(() => Program(b => b.Earning = new EarningRules(campaigns: [new Campaign("x", 2m, tiers: ["gold"])])));
    }

    [Fact]
    public void Ladder_ValidatesItsShape()
    {
        Assert.Throws<ArgumentException>(() => new TierLadder([], QualifyingMetric.Spend, TierWindow.CalendarYear));
        Assert.Throws<ArgumentException>(() => new TierLadder([new Tier("a", 10m)], QualifyingMetric.Spend, TierWindow.CalendarYear));
        Assert.Throws<ArgumentException>(() => new TierLadder([new Tier("a", 0m), new Tier("b", 5m), new Tier("c", 5m)], QualifyingMetric.Spend, TierWindow.CalendarYear));
        Assert.Throws<ArgumentException>(() => new TierLadder([new Tier("a", 0m), new Tier("a", 5m)], QualifyingMetric.Spend, TierWindow.CalendarYear));
        Assert.Throws<ArgumentException>(() => new TierLadder([new Tier("a", 0m)], QualifyingMetric.Spend, TierWindow.RollingMonths(12), Period.FromMonths(1)));
        Assert.Throws<ArgumentException>(() => new TierLadder([new Tier("a", 0m)], QualifyingMetric.Spend, TierWindow.CalendarYear, Period.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tier("b", 5m, retainThreshold: 6m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Tier("b", 5m, earningMultiplier: 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => TierWindow.RollingMonths(0));
        Assert.Equal("gold", Ladder().Reached(1000m).Id);
        Assert.Equal("silver", Ladder().Reached(999.99m).Id);
    }

    [Fact]
    public void Json_RoundTripsTheLadder_AndNamesTheFieldOfABadTier()
    {
        var program = Program(b =>
        {
            b.Tiers = Ladder(TierWindow.RollingMonths(6), QualifyingMetric.Orders, Period.FromDays(14));
            b.Earning = new EarningRules(campaigns: [new Campaign("gold-days", 2m, tiers: ["gold"], segments: ["vip"])]);
        });
        var json = LoyaltyProgramJson.Serialize(program);
        Assert.Contains("\"grace\":\"P14D\"", json.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var back = LoyaltyProgramJson.Parse(json);
        Assert.Equal(json, LoyaltyProgramJson.Serialize(back));
        Assert.Equal(TierWindow.RollingMonths(6), back.Tiers!.Window);
        Assert.Equal(800m, back.Tiers.Tiers[2].RetainThreshold);
        Assert.Equal(["vip"], back.Earning.Campaigns[0].Segments);

        var bad = json.Replace("\"threshold\": 500", "\"threshold\": -5", StringComparison.Ordinal);
        Assert.NotEqual(json, bad);
        var error = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(bad));
        Assert.Contains(error.Errors, e => e.StartsWith("tiers.levels[1]", StringComparison.Ordinal));
    }
}
