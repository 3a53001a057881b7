using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Rules;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Engagement;

public sealed class EngagementTests
{
    private static readonly EngagementTask Reviews = new() { Id = "reviews-3", Action = "review", Count = 3, Period = CapPeriod.Month, Points = 50 };
    private static readonly EngagementTask Orders = new() { Id = "orders-2", Action = EngagementTask.OrderAction, Count = 2, Period = CapPeriod.Day, Points = 20 };

    private static async Task<List<T>> EventsOf<T>(LoyaltyEngine engine)
        where T : LoyaltyEvent =>
        (await engine.Events.ReadEventsAsync(EventCursor.Start, 10_000)).Select(e => e.Event).OfType<T>().ToList();

    [Fact]
    public async Task Task_AwardsOncePerPeriod_CountsOnlyAcceptedActions_ProgressIsAsOf()
    {
        var (engine, clock, _) = Engine(b => b.Engagement = new EngagementRules { Tasks = [Reviews, Orders] });
        var review = (string key) => new EarnActivityCommand(Member(), Key(key), "review"); // no rule, no points: counts for the task only
        Assert.True((await engine.ExecuteAsync(review("r1"))).IsSuccess);
        Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(review("r1"))).Outcome); // a replay counts once
        await engine.ExecuteAsync(review("r2"));
        var afterTwo = clock.GetCurrentInstant();
        clock.Advance(Duration.FromDays(1));
        var third = await engine.ExecuteAsync(review("r3"));
        Assert.Equal(new[] { ("review", 0L), ("task:reviews-3", 50L) }, third.Entries.Select(e => (e.ActivityType!, e.Amount.Value)));
        await engine.ExecuteAsync(review("r4")); // beyond the count: nothing more this month
        Assert.Equal(RejectionReason.UnknownActivity, (await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("x"), "share"))).Rejection?.Reason);

        var completed = Assert.Single(await EventsOf<TaskCompleted>(engine));
        Assert.Equal(("reviews-3", "2026-01-01", 50L), (completed.TaskId, completed.PeriodStart, completed.Points));
        Assert.Equal(50, (await engine.GetBalanceAsync(Member())).Available.Value);

        var before = await engine.Rewards.GetTaskProgressAsync(Member(), afterTwo);
        Assert.Equal(new TaskProgress("reviews-3", new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31), 2, 3, false, Points.FromInt64(50)), before[0]);
        var now = await engine.Rewards.GetTaskProgressAsync(Member());
        Assert.Equal((3, true), (now[0].Done, now[0].Completed));

        clock.Reset(Instant.FromUtc(2026, 2, 3, 12, 0)); // February: a new period
        Assert.Equal((0, false), ((await engine.Rewards.GetTaskProgressAsync(Member()))[0].Done, (await engine.Rewards.GetTaskProgressAsync(Member()))[0].Completed));
        for (var i = 0; i < 3; i++)
        {
            await engine.ExecuteAsync(review($"feb{i}"));
        }

        Assert.Equal(2, (await EventsOf<TaskCompleted>(engine)).Count);

        // Orders count for "two orders a day".
        await engine.ExecuteAsync(Order("o-1", Line("1", 1, 10m)));
        var second = await engine.ExecuteAsync(Order("o-2", Line("1", 1, 10m)));
        Assert.Contains(second.Entries, e => e.ActivityType == "task:orders-2" && e.Amount.Value == 20);
        Assert.Equal(RejectionReason.OrderAlreadyEarned, (await engine.ExecuteAsync(new EarnCommand(Member(), Key("again"), "o-1", Start, [Line("1", 1, 10m)]))).Rejection?.Reason);
    }

    private static (LoyaltyEngine Engine, NodaTime.Testing.FakeClock Clock, Loyalty.Sdk.Storage.InMemoryLedgerStore Store) CelebrationEngine(bool inMemberZone, int grace = 2) =>
        Engine(b =>
        {
            b.TimeZoneId = "Europe/Berlin";
            b.Engagement = new EngagementRules
            {
                Rewards = RewardTests.Untiered,
                Celebrations =
                [
                    new CelebrationRule { Kind = CelebrationKind.Birthday, Points = 100, RewardId = "gift", InMemberTimeZone = inMemberZone, GraceDays = grace },
                    new CelebrationRule { Kind = CelebrationKind.MembershipAnniversary, Points = 10, GraceDays = grace },
                ],
            };
        });

    [Fact]
    public async Task Birthday_IsTheMembersLocalDate_GrantsPointsAndAGift_OncePerYear()
    {
        var (engine, clock, _) = CelebrationEngine(inMemberZone: true);
        var tokyo = Member("tokyo");
        var berlin = Member("berlin");
        await engine.ExecuteAsync(new SetProfileCommand(tokyo, Key("p1"), new AnnualDate(3, 10), "Asia/Tokyo"));
        await engine.ExecuteAsync(new SetProfileCommand(berlin, Key("p2"), new AnnualDate(3, 10), null));

        clock.Reset(Instant.FromUtc(2026, 3, 9, 15, 30)); // 10 March 00:30 in Tokyo, still 9 March in Berlin
        Assert.Equal(1, await engine.Jobs.RunCelebrationsAsync());
        Assert.Equal(0, await engine.Jobs.RunCelebrationsAsync());
        clock.Reset(Instant.FromUtc(2026, 3, 9, 23, 30)); // 10 March in Berlin too
        Assert.Equal(1, await engine.Jobs.RunCelebrationsAsync());

        var gift = Assert.Single(await engine.Rewards.GetClaimsAsync(tokyo));
        Assert.Equal(("gift", ClaimStatus.Issued, 0L, "birthday:2026"), (gift.RewardId, gift.Status, gift.Points.Value, gift.Reason));
        Assert.NotNull(gift.VoucherCode);
        Assert.Equal(100, (await engine.GetBalanceAsync(tokyo)).Available.Value);

        // A direct grant for the same year is refused; so is one out of season.
        Assert.Equal(RejectionReason.AlreadyGranted, (await engine.ExecuteAsync(new GrantCelebrationCommand(tokyo, Key("manual"), CelebrationKind.Birthday))).Rejection?.Reason);
        clock.Reset(Instant.FromUtc(2026, 5, 1, 12, 0));
        Assert.Equal(RejectionReason.NotEligible, (await engine.ExecuteAsync(new GrantCelebrationCommand(tokyo, Key("may"), CelebrationKind.Birthday))).Rejection?.Reason);
    }

    [Fact]
    public async Task Birthday_InTheProgramZone_AndLeapDayBirthdays_AndAMissedDayIsCaughtUpWithinGrace()
    {
        var (engine, clock, _) = CelebrationEngine(inMemberZone: false, grace: 2);
        var leap = Member("leap");
        await engine.ExecuteAsync(new SetProfileCommand(leap, Key("p"), new AnnualDate(2, 29), "Pacific/Kiritimati"));
        clock.Reset(Instant.FromUtc(2027, 2, 27, 23, 30)); // 28 Feb 2027 00:30 in Berlin (the zone used): a non-leap year
        Assert.Equal(1, await engine.Jobs.RunCelebrationsAsync());
        clock.Reset(Instant.FromUtc(2028, 3, 2, 12, 0));   // 29 Feb 2028 was missed; 2 March is within 2 days' grace
        Assert.Equal(1, await engine.Jobs.RunCelebrationsAsync());
        clock.Reset(Instant.FromUtc(2029, 3, 3, 12, 0));   // 28 Feb 2029 + 3 days: too late
        Assert.Equal(0, await engine.Jobs.RunCelebrationsAsync());
        var reasons = (await engine.Reports.GetStatementAsync(leap, Instant.MinValue, Instant.MaxValue)).Lines.Where(l => l.Kind == LedgerEntryKind.Adjust).Select(l => l.Entry!.Reason);
        Assert.Equal(new[] { "birthday:2027", "birthday:2028" }, reasons);
    }

    [Fact]
    public async Task Anniversary_FromTheFirstCommand_NotInTheFirstYear()
    {
        var (engine, clock, _) = CelebrationEngine(inMemberZone: false);
        await engine.ExecuteAsync(Activity("join", 5)); // enrols on 15 Jan 2026
        Assert.Equal(Start, (await engine.GetAccountAsync(Member())).Profile!.EnrolledAt);
        Assert.Equal(0, await engine.Jobs.RunCelebrationsAsync());
        clock.Reset(Instant.FromUtc(2027, 1, 15, 8, 0));
        Assert.Equal(1, await engine.Jobs.RunCelebrationsAsync());
        Assert.Equal(0, await engine.Jobs.RunCelebrationsAsync());
        Assert.Contains((await engine.Events.ReadEventsAsync(EventCursor.Start, 100)).Select(e => e.Event), e => e is PointsEarned { Reason: "anniversary:2027", Points: 10 });
    }

    [Fact]
    public async Task Perks_FollowTheTierAsOf()
    {
        var perks = new TierPerk[]
        {
            new() { Id = "newsletter", Kind = PerkKind.Other },
            new() { Id = "free-shipping", Kind = PerkKind.FreeShipping, MinimumTier = "silver" },
            new() { Id = "discount", Kind = PerkKind.ExclusiveDiscount, MinimumTier = "gold", Value = 0.1m },
        };
        var (engine, clock, _) = RewardTests.RewardEngine(b => b.Engagement = new EngagementRules { Perks = perks });
        await engine.ExecuteAsync(Order("o-1", Line("1", 1, 150m)));
        var silverAt = clock.GetCurrentInstant();
        clock.Advance(Duration.FromDays(2));
        await engine.ExecuteAsync(Order("o-2", Line("1", 1, 900m)));

        var then = await engine.Tiers.GetPerksAsync(Member(), silverAt);
        Assert.Equal("silver", then.TierId);
        Assert.Equal(new[] { "newsletter", "free-shipping" }, then.Perks.Select(p => p.Id));
        var now = await engine.Tiers.GetPerksAsync(Member());
        Assert.Equal(new[] { "newsletter", "free-shipping", "discount" }, now.Perks.Select(p => p.Id));
        Assert.Equal("member", (await engine.Tiers.GetPerksAsync(Member("new"))).TierId);
    }

    [Fact]
    public void Leaderboard_RanksTiesTogether_AndFindsAMember()
    {
        var board = new Leaderboard(new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31)),
        [
            new MemberPoints(Member("c"), 50), new MemberPoints(Member("a"), 90), new MemberPoints(Member("b"), 50),
            new MemberPoints(Member("d"), 10), new MemberPoints(Member("z"), 0),
        ]);
        Assert.Equal(new[] { (1, "a", 90L), (2, "b", 50L), (2, "c", 50L), (4, "d", 10L) }, board.Top(10).Select(r => (r.Rank, r.MemberId.Value, r.Points)));
        Assert.Equal(2, board.Top(2).Count);
        Assert.Equal(4, board.RankOf(Member("d"))!.Value.Rank);
        Assert.Null(board.RankOf(Member("z")));
        Assert.Throws<ArgumentException>(() => new Leaderboard(board.Period, [new MemberPoints(Member("a"), 2), new MemberPoints(Member("a"), 2)]).Top(2));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(new LeaderboardRow(2, Member("c"), 50), board.RankOf(Member("c"))); // by scan, then by index
        }
    }

    [Fact]
    public async Task Reminders_OncePerExpiry_Digests_CombineEarnedAndExpiring()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(60));
        await engine.ExecuteAsync(Activity("a1", 40, "alice"));
        await engine.ExecuteAsync(Activity("b1", 70, "bob"));
        clock.Advance(Duration.FromDays(40));
        await engine.ExecuteAsync(Activity("b2", 5, "bob"));

        Assert.Equal(2, await engine.Jobs.RunExpiryRemindersAsync(Duration.FromDays(30)));
        Assert.Equal(0, await engine.Jobs.RunExpiryRemindersAsync(Duration.FromDays(30))); // same expiries: already reminded
        var nothing = await engine.ExecuteAsync(new RemindExpiringCommand(Member("bob"), Key("too-early"), Duration.FromDays(1)));
        Assert.Equal(RejectionReason.NothingExpiring, nothing.Rejection?.Reason); // what the job meets if points were spent since its scan
        var reminders = await EventsOf<PointsExpiringSoon>(engine);
        Assert.Equal(new[] { ("alice", 40L), ("bob", 70L) }, reminders.Select(r => (r.MemberId, r.Points)).OrderBy(r => r.MemberId));
        Assert.All(reminders, r => Assert.Equal(Instant.FromUtc(2026, 3, 16, 23, 0), r.FirstExpiresAt)); // the end of the 60th local day

        var january = new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31));
        var february = new DateInterval(new LocalDate(2026, 2, 1), new LocalDate(2026, 2, 28));
        var digests = await engine.Reports.ScanDigestsAsync(february, Duration.FromDays(30)).ToListAsync();
        Assert.Equal(new[] { ("alice", 0L, 40L), ("bob", 5L, 70L) }, digests.Select(d => (d.MemberId.Value, d.PointsEarned.Value, d.Expiring.Total.Value)));
        Assert.Equal(75, digests[1].Balance.Available.Value);
        var bob = await engine.Reports.GetDigestAsync(Member("bob"), february, Duration.FromDays(30));
        Assert.Equal((digests[1].PointsEarned, digests[1].Expiring.Total, digests[1].Expiring.Lots.Count, digests[1].Balance), (bob.PointsEarned, bob.Expiring.Total, bob.Expiring.Lots.Count, bob.Balance));
        Assert.Equal(0, (await engine.Reports.GetDigestAsync(Member("nobody"), february, Duration.FromDays(30))).Balance.Total.Value);
        var januaryOnly = await engine.Reports.ScanDigestsAsync(january, Duration.Zero).ToListAsync();
        Assert.Equal(new[] { ("alice", 40L), ("bob", 70L) }, januaryOnly.Select(d => (d.MemberId.Value, d.PointsEarned.Value)));
    }

    [Fact]
    public async Task WinBack_DryRunListsWhoAndWhy_RunActsOncePerPeriod()
    {
        var (engine, clock, _) = Engine(b => b.Engagement = new EngagementRules { Rewards = RewardTests.Untiered });
        foreach (var name in new[] { "lapsed", "fading", "loyal" })
        {
            await engine.ExecuteAsync(Activity("seed-" + name, 10, name));
        }

        var signals = new[]
        {
            new WinBackSignal(Member("lapsed"), "At Risk", 0.12, 190),
            new WinBackSignal(Member("fading"), "At Risk", 0.45, 120),
            new WinBackSignal(Member("loyal"), "Champions", 0.98, 3),
            new WinBackSignal(Member("stranger"), "At Risk", 0.01, 400), // no account: not a member
        };
        var rule = new WinBackRule { Id = "lapsed", Segments = ["At Risk", "Hibernating"], ProbabilityAliveBelow = 0.3, MinDaysSinceLastPurchase = 90, BonusPoints = 200 };

        var dry = await engine.Jobs.RunWinBackAsync(rule, signals, dryRun: true);
        var target = Assert.Single(dry.Targets);
        Assert.Equal("lapsed", target.MemberId.Value);
        Assert.Equal(new[] { "RFM segment 'At Risk'", "P(alive) 0.12 < 0.3", "190 days since last purchase (>= 90)" }, target.Reasons);
        Assert.Equal((4, 0, false), (dry.Evaluated, dry.Applied, target.AlreadyApplied));
        Assert.Equal(10, (await engine.GetBalanceAsync(Member("lapsed"))).Available.Value); // nothing written

        var run = await engine.Jobs.RunWinBackAsync(rule, signals, dryRun: false);
        Assert.Equal(1, run.Applied);
        Assert.Equal(210, (await engine.GetBalanceAsync(Member("lapsed"))).Available.Value);
        var again = await engine.Jobs.RunWinBackAsync(rule, signals, dryRun: false);
        Assert.Equal((0, true), (again.Applied, again.Targets[0].AlreadyApplied));
        var triggered = Assert.Single(await EventsOf<WinBackTriggered>(engine));
        Assert.Equal(("lapsed", "2026-01-01", "BonusPoints", 3), (triggered.RuleId, triggered.PeriodStart, triggered.Action, triggered.Reasons.Count));

        clock.Reset(Instant.FromUtc(2026, 2, 2, 9, 0)); // the next campaign period
        Assert.Equal(1, (await engine.Jobs.RunWinBackAsync(rule, signals, dryRun: false)).Applied);

        var coupon = new WinBackRule { Id = "coupon", MinDaysSinceLastPurchase = 100, Action = WinBackAction.IssueReward, RewardId = "gift" };
        Assert.Equal(2, (await engine.Jobs.RunWinBackAsync(coupon, signals, dryRun: false)).Applied);
        Assert.Equal("win-back:coupon", Assert.Single(await engine.Rewards.GetClaimsAsync(Member("fading"))).Reason);

        var message = new WinBackRule { Id = "message", Segments = ["Champions"], Action = WinBackAction.EmitEvent };
        Assert.Equal(1, (await engine.Jobs.RunWinBackAsync(message, signals, dryRun: false)).Applied);
        Assert.Equal(10, (await engine.GetBalanceAsync(Member("loyal"))).Available.Value);

        var invalid = new WinBackRule { Id = "bad", Action = WinBackAction.IssueReward, RewardId = "yacht" };
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await engine.Jobs.RunWinBackAsync(invalid, signals, dryRun: true));
        Assert.Contains("give at least one criterion", error.Message);
        Assert.Contains("reward 'yacht' is not in the catalogue", error.Message);
    }

    [Fact]
    public void WinBackSignals_ComeFromRfmAndBgNbdScores()
    {
        var rfm = new Loyalty.Sdk.Analytics.Rfm.RfmReport(new LocalDate(2026, 1, 1), 5,
            [new Loyalty.Sdk.Analytics.Rfm.RfmCustomer(0, 200, 1, 10m, 1, 1, 1, "Hibernating", 1.0), new Loyalty.Sdk.Analytics.Rfm.RfmCustomer(1, 3, 9, 900m, 5, 5, 5, "Champions", 0.0)],
            new Dictionary<string, int>());
        var bgNbd = new Loyalty.Sdk.Analytics.Churn.ChurnScores([1, 0], [0.25, 0.9]);
        var signals = WinBackSignal.From(rfm, bgNbd, i => Member($"c{i}"));
        Assert.Equal(new WinBackSignal(Member("c0"), "Hibernating", 0.1, 200), signals[0] with { ProbabilityAlive = Math.Round(signals[0].ProbabilityAlive!.Value, 9) });
        Assert.Equal(0.75, signals[1].ProbabilityAlive!.Value, 9);
    }

    [Fact]
    public async Task EveryEventType_IsWrittenByTheCommandThatCausesIt_InCommitOrder()
    {
        var (engine, clock, store) = RewardTests.RewardEngine(b =>
        {
            b.Expiry = ExpiryPolicy.AfterDays(30);
            b.Engagement = new EngagementRules { Rewards = RewardTests.Catalogue, Tasks = [Reviews] };
        });
        await engine.ExecuteAsync(Order("o-1", Line("1", 1, 150m)));                                             // PointsEarned, TierChanged (member → silver)
        await engine.ExecuteAsync(new RedeemRewardCommand(Member(), Key("coupon"), "ten-off"));                   // PointsRedeemed, RewardRedeemed
        for (var i = 0; i < 3; i++)
        {
            await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key($"review-{i}"), "review"));         // the third: PointsEarned (task), TaskCompleted
        }

        Assert.Equal(1, await engine.Jobs.RunExpiryRemindersAsync(Duration.FromDays(40)));                             // PointsExpiringSoon
        clock.Advance(Duration.FromDays(45));
        Assert.Equal(2, (await engine.Jobs.RunExpiryAsync()).EntriesWritten);                                           // PointsExpired, one per lot
        await engine.Jobs.RunWinBackAsync(new WinBackRule { Id = "w", MinDaysSinceLastPurchase = 30, Action = WinBackAction.EmitEvent },
            [new WinBackSignal(Member(), null, null, 45)], dryRun: false);                                          // WinBackTriggered

        var events = (await engine.Events.ReadEventsAsync(EventCursor.Start, 100)).Select(e => e.Event).ToList();
        Assert.Equal(
            new[] { "PointsEarned", "TierChanged", "PointsRedeemed", "RewardRedeemed", "PointsEarned", "TaskCompleted", "PointsExpiringSoon", "PointsExpired", "PointsExpired", "WinBackTriggered" },
            events.Select(e => e.Type));
        var promoted = Assert.IsType<TierChanged>(events[1]);
        Assert.Equal(("member", "silver"), (promoted.FromTier, promoted.ToTier));
        Assert.Equal(new[] { 150L - 50, 50 }, events.OfType<PointsExpired>().Select(e => e.Points)); // the order's lot less the coupon, then the task's lot
        Assert.Equal(150, Assert.IsType<PointsExpiringSoon>(events[6]).Points);
        Assert.All(events, e => Assert.Equal(("shop", "alice"), (e.ProgramId, e.MemberId)));
        Assert.All(events, e => Assert.NotNull(store.FindIdempotencyRecordAsync(engine.Program.Id, MemberId.From(e.MemberId), Key(e.CommandKey)).AsTask().Result));
    }

    [Fact]
    public void Events_RoundTripThroughSystemTextJson_WithTheirTypeFirst()
    {
        var at = Instant.FromUtc(2026, 3, 1, 9, 0);
        LoyaltyEvent[] events =
        [
            new PointsEarned { EventId = "k#0", ProgramId = "shop", MemberId = "m", OccurredAt = at, CommandKey = "k", Points = 5, Sequence = 1, OrderId = "o" },
            new PointsRedeemed { EventId = "k#1", ProgramId = "shop", MemberId = "m", OccurredAt = at, CommandKey = "k", Points = 5, Sequence = 2, RewardId = "mug" },
            new PointsExpired { EventId = "k#2", Points = 5, Sequence = 3 },
            new PointsExpiringSoon { EventId = "k#3", Points = 9, FirstExpiresAt = at, PointsAtFirstExpiry = 4 },
            new TierChanged { EventId = "k#4", FromTier = "silver", ToTier = "gold", Reason = "why" },
            new RewardRedeemed { EventId = "k#5", RewardId = "mug", ClaimKey = "k", Points = 100, Status = "Reserved", VoucherExpiresAt = at },
            new TaskCompleted { EventId = "k#6", TaskId = "t", PeriodStart = "2026-03-01", Points = 50 },
            new WinBackTriggered { EventId = "k#7", RuleId = "r", PeriodStart = "2026-03-01", Action = "EmitEvent", Reasons = ["a", "b"] },
        ];
        foreach (var e in events)
        {
            var json = e.ToJson();
            Assert.StartsWith($"{{\"type\":\"{e.Type}\"", json);
            var back = LoyaltyEvent.FromJson(json);
            Assert.Equal(e.GetType(), back.GetType());
            Assert.Equal(json, back.ToJson());
        }

        Assert.Contains("\"occurredAt\":\"2026-03-01T09:00:00Z\"", events[0].ToJson());
        Assert.Throws<System.Text.Json.JsonException>(() => LoyaltyEvent.FromJson("{\"type\":\"Nope\"}"));
    }
}
