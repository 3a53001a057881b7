using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>Rewards with stock, vouchers, profiles, celebrations, leaderboards and the transactional outbox, on every store.</summary>
public abstract partial class LedgerStoreComplianceTests<TFixture>
{
    private static LoyaltyProgram RewardsProgram(string id = "shop") => new LoyaltyProgramBuilder
    {
        Id = id,
        BaseCurrency = "EUR",
        TimeZoneId = "Europe/Berlin",
        Engagement = new EngagementRules
        {
            Rewards =
            [
                new Reward { Id = "mug", Kind = RewardKind.PhysicalItem, Points = 100, TracksStock = true },
                new Reward { Id = "ten-off", Kind = RewardKind.Coupon, Points = 50, VoucherValidity = Period.FromDays(30) },
                new Reward { Id = "flash", Kind = RewardKind.FreeShipping, Points = 10, MaxPerPeriod = 5, LimitPeriod = Loyalty.Sdk.Rules.CapPeriod.Day },
            ],
            Celebrations = [new CelebrationRule { Kind = CelebrationKind.Birthday, Points = 25, GraceDays = 3 }],
        },
    }.Build();

    [SkippableFact]
    public async Task Rewards_ParallelRedemptions_NeverOversellStockOrOverdrawPoints()
    {
        var engine = new LoyaltyEngine(RewardsProgram(), Store, new FakeClock(Start), new LoyaltyEngineOptions { MaxConcurrencyAttempts = 1_000 });
        var members = Enumerable.Range(0, 10).Select(i => MemberId.From($"m-{i}")).ToArray();
        foreach (var member in members)
        {
            await engine.ExecuteAsync(new EarnActivityCommand(member, Key($"seed:{member}"), "signup", Points.FromInt64(250))); // two mugs' worth
        }

        await engine.Rewards.AddStockAsync("mug", 12);

        // 40 redemptions at once: 4 per member. Stock (12) and points (2 per member) both bind.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await engine.ExecuteAsync(new RedeemRewardCommand(members[i % 10], Key($"mug:{i}"), "mug")))));

        var committed = results.Where(r => r.Outcome == LedgerOutcome.Committed).ToList();
        Assert.Equal(12, committed.Count);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Contains(r.Rejection!.Reason, new[] { RejectionReason.RewardOutOfStock, RejectionReason.InsufficientPoints }));
        Assert.Contains(results, r => r.Rejection?.Reason == RejectionReason.RewardOutOfStock);
        var stock = await engine.Rewards.GetStockAsync("mug");
        Assert.Equal(new RewardStock("mug", 12, 12, 0), stock);
        var claims = new List<RewardClaim>();
        foreach (var member in members)
        {
            var mine = await engine.Rewards.GetClaimsAsync(member);
            claims.AddRange(mine);
            Assert.InRange(mine.Count, 0, 2);
            Assert.Equal(250 - (100 * mine.Count), (await engine.GetBalanceAsync(member)).Available.Value);
        }

        Assert.Equal(12, claims.Count);
        Assert.All(claims, c => Assert.Equal(ClaimStatus.Reserved, c.Status));

        // Cancel four claims, each twice at once under different keys: each is refunded and released exactly once.
        var cancelled = claims.Take(4).ToList();
        var cancels = await Task.WhenAll(cancelled.SelectMany(c => new[] { "a", "b" }.Select(tag => Task.Run(async () =>
            await engine.ExecuteAsync(new CancelRewardCommand(c.MemberId, Key($"cancel:{tag}:{c.Key}"), c.Key))))));
        Assert.Equal(4, cancels.Count(r => r.Outcome == LedgerOutcome.Committed));
        Assert.Equal(4, cancels.Count(r => r.Rejection?.Reason == RejectionReason.ClaimNotChangeable));
        foreach (var claim in claims.Skip(4).Take(3))
        {
            Assert.True((await engine.ExecuteAsync(new FulfilRewardCommand(claim.MemberId, Key($"ship:{claim.Key}"), claim.Key))).IsSuccess);
        }

        stock = await engine.Rewards.GetStockAsync("mug");
        Assert.Equal(new RewardStock("mug", 12, 5, 3), stock);
        Assert.Equal(stock.Total, stock.Reserved + stock.Confirmed + stock.Available);
        foreach (var member in members)
        {
            var held = (await engine.Rewards.GetClaimsAsync(member)).Count(c => c.Status != ClaimStatus.Cancelled);
            Assert.Equal(250 - (100 * held), (await engine.GetBalanceAsync(member)).Available.Value);
        }

        // Stock can be removed only while available: 4 are, 5 are not.
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.Rewards.AddStockAsync("mug", -5));
        Assert.Equal(new RewardStock("mug", 8, 5, 3), await engine.Rewards.AddStockAsync("mug", -4));
    }

    [SkippableFact]
    public async Task Rewards_ProgramWideLimitPerPeriod_IsNeverExceededByParallelClaims()
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(RewardsProgram(), Store, clock, new LoyaltyEngineOptions { MaxConcurrencyAttempts = 1_000 });
        var members = Enumerable.Range(0, 12).Select(i => MemberId.From($"f-{i}")).ToArray();
        foreach (var member in members)
        {
            await engine.ExecuteAsync(new EarnActivityCommand(member, Key($"seed:{member}"), "signup", Points.FromInt64(100)));
        }

        var first = await Task.WhenAll(members.Select(m => Task.Run(async () => await engine.ExecuteAsync(new RedeemRewardCommand(m, Key($"flash:1:{m}"), "flash")))));
        Assert.Equal(5, first.Count(r => r.Outcome == LedgerOutcome.Committed));
        Assert.All(first.Where(r => !r.IsSuccess), r => Assert.Equal(RejectionReason.RewardLimitReached, r.Rejection!.Reason));

        // A cancelled claim gives its place back, to exactly one of two racing members.
        var winner = members.First(m => first[Array.IndexOf(members, m)].IsSuccess);
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(new CancelRewardCommand(winner, Key("flash:cancel"), Key($"flash:1:{winner}")))).Outcome);
        var losers = members.Where(m => !first[Array.IndexOf(members, m)].IsSuccess).Take(2).ToArray();
        var second = await Task.WhenAll(losers.Select(m => Task.Run(async () => await engine.ExecuteAsync(new RedeemRewardCommand(m, Key($"flash:2:{m}"), "flash")))));
        Assert.Equal(1, second.Count(r => r.Outcome == LedgerOutcome.Committed));

        clock.Advance(Duration.FromDays(1)); // a new day in Berlin: five more
        var third = await Task.WhenAll(members.Select(m => Task.Run(async () => await engine.ExecuteAsync(new RedeemRewardCommand(m, Key($"flash:3:{m}"), "flash")))));
        Assert.Equal(5, third.Count(r => r.Outcome == LedgerOutcome.Committed));
        var claims = new List<RewardClaim>();
        foreach (var member in members)
        {
            claims.AddRange(await engine.Rewards.GetClaimsAsync(member));
        }

        Assert.Equal(new[] { ("flash@2026-03-01", 5), ("flash@2026-03-02", 5) },
            claims.Where(c => c.Status != ClaimStatus.Cancelled).GroupBy(c => c.QuotaKey!).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key));
    }

    [SkippableFact]
    public async Task Claims_VouchersAndProfiles_RoundTripThroughTheStore()
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(RewardsProgram(), Store, clock);
        var member = MemberId.From("m-1");
        var other = MemberId.From("m-2");
        await engine.ExecuteAsync(new EarnActivityCommand(member, Key("seed"), "signup", Points.FromInt64(120)));
        await engine.ExecuteAsync(new SetProfileCommand(member, Key("profile"), new AnnualDate(2, 29), "Asia/Tokyo"));
        var redeemed = await engine.ExecuteAsync(new RedeemRewardCommand(member, Key("coupon-1"), "ten-off"));
        Assert.Equal(LedgerOutcome.Committed, redeemed.Outcome);

        var claim = Assert.Single(await engine.Rewards.GetClaimsAsync(member));
        Assert.Equal(ClaimStatus.Issued, claim.Status);
        Assert.Equal(50, claim.Points.Value);
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", claim.VoucherCode);
        // 30 local days in Berlin, across the switch to summer time: 10:00 local, 08:00 UTC (not 09:00).
        Assert.Equal(Instant.FromUtc(2026, 3, 31, 8, 0), claim.VoucherExpiresAt);
        Assert.Equal(claim, await engine.Rewards.FindVoucherAsync(claim.VoucherCode!));
        Assert.Null(await engine.Rewards.FindVoucherAsync("NOPE-NOPE-NOPE-NOPE"));

        var account = await engine.GetAccountAsync(member);
        Assert.Equal(new AnnualDate(2, 29), account.Profile!.Birthday);
        Assert.Equal("Asia/Tokyo", account.Profile.TimeZoneId);
        Assert.Equal(Start, account.Profile.EnrolledAt);

        // Single use, only by its member.
        Assert.Equal(RejectionReason.UnknownVoucher, (await engine.ExecuteAsync(new UseVoucherCommand(other, Key("use-other"), claim.VoucherCode!))).Rejection?.Reason);
        clock.Advance(Duration.FromDays(1));
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(new UseVoucherCommand(member, Key("use-1"), claim.VoucherCode!))).Outcome);
        Assert.Equal(RejectionReason.VoucherAlreadyUsed, (await engine.ExecuteAsync(new UseVoucherCommand(member, Key("use-2"), claim.VoucherCode!))).Rejection?.Reason);
        Assert.Equal(RejectionReason.ClaimNotChangeable, (await engine.ExecuteAsync(new CancelRewardCommand(member, Key("cancel"), claim.Key))).Rejection?.Reason);
        var used = Assert.Single(await engine.Rewards.GetClaimsAsync(member));
        Assert.Equal(ClaimStatus.Fulfilled, used.Status);
        Assert.Equal(Start + Duration.FromDays(1), used.VoucherUsedAt);
    }

    [SkippableFact]
    public async Task Outbox_EventsAppearWithTheirCommitOnly_InOrder_AndCursorsResume()
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(RewardsProgram(), Store, clock);
        var other = new LoyaltyEngine(RewardsProgram("other"), Store, clock);
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(Order(member, "o-1", 2, 50m));                                         // PointsEarned
        await engine.ExecuteAsync(Order(member, "o-1", 2, 50m));                                         // replay: nothing
        await engine.PreviewAsync(new RedeemCommand(member, Key("preview"), Points.FromInt64(10)));       // preview: nothing
        await engine.ExecuteAsync(new RedeemCommand(member, Key("too-much"), Points.FromInt64(1_000)));   // rejected: nothing
        await engine.ExecuteAsync(new RedeemRewardCommand(member, Key("coupon"), "ten-off"));            // PointsRedeemed + RewardRedeemed
        await other.ExecuteAsync(Order(member, "o-9", 1, 5m));                                           // another program's

        var events = await engine.Events.ReadEventsAsync(EventCursor.Start, 100);
        Assert.Equal(new[] { nameof(PointsEarned), nameof(PointsRedeemed), nameof(RewardRedeemed) }, events.Select(e => e.Event.Type));
        Assert.Equal(new[] { "3:m-1/earn:o-1#0", "3:m-1/coupon#0", "3:m-1/coupon#1" }, events.Select(e => e.Event.EventId));
        Assert.All(events, e => Assert.Equal("shop", e.Event.ProgramId));
        Assert.Equal(100, Assert.IsType<PointsEarned>(events[0].Event).Points);
        var reward = Assert.IsType<RewardRedeemed>(events[2].Event);
        Assert.Equal((await engine.Rewards.GetClaimsAsync(member))[0].VoucherCode, reward.VoucherCode);
        Assert.True(events[0].Cursor.CompareTo(events[1].Cursor) < 0 && events[1].Cursor.CompareTo(events[2].Cursor) < 0);
        Assert.Single(await other.Events.ReadEventsAsync(EventCursor.Start, 100));

        // Paging by cursor yields the same events; a consumer resumes where it saved.
        var paged = new List<OutboxEvent>();
        for (var cursor = EventCursor.Start; ;)
        {
            var page = await engine.Events.ReadEventsAsync(cursor, 2);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            cursor = page[^1].Cursor;
        }

        Assert.Equal(events.Select(e => e.Event), paged.Select(e => e.Event));
        var seen = new List<string>();
        Assert.Equal(3, await engine.Events.DeliverEventsAsync("mail", (e, _) => { seen.Add(e.EventId); return ValueTask.CompletedTask; }, batchSize: 2));
        Assert.Equal(0, await engine.Events.DeliverEventsAsync("mail", (e, _) => { seen.Add(e.EventId); return ValueTask.CompletedTask; }));
        Assert.Equal(events[^1].Cursor, await Store.ReadConsumerCursorAsync(engine.Program.Id, "mail"));
        Assert.Equal(EventCursor.Start, await Store.ReadConsumerCursorAsync(other.Program.Id, "mail"));

        // A handler that fails leaves the cursor at the last saved batch: the failed batch is delivered again (at least once).
        clock.Advance(Duration.FromMinutes(1));
        await engine.ExecuteAsync(new EarnActivityCommand(member, Key("a-1"), "review", Points.FromInt64(5)));
        await engine.ExecuteAsync(new EarnActivityCommand(member, Key("a-2"), "review", Points.FromInt64(5)));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.Events.DeliverEventsAsync("mail", (e, _) =>
            e.EventId == "3:m-1/a-2#0" ? throw new InvalidOperationException("smtp down") : ValueTask.CompletedTask));
        var redelivered = new List<string>();
        Assert.Equal(2, await engine.Events.DeliverEventsAsync("mail", (e, _) => { redelivered.Add(e.EventId); return ValueTask.CompletedTask; }));
        Assert.Equal(new[] { "3:m-1/a-1#0", "3:m-1/a-2#0" }, redelivered);
    }

    [SkippableFact]
    public async Task Outbox_FailureAfterTheLedgerWrites_LeavesNeitherEntriesNorEvents()
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(RewardsProgram(), Store, clock);
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(Order(member, "o-1", 2, 50m));
        var first = Assert.Single(await engine.Events.ReadEventsAsync(EventCursor.Start, 10)).Event;

        // The store is handed a change set whose last event collides with an existing one: the event insert, the last
        // statement of the transaction, fails after the entries, lots, account and key were written.
        var sabotaged = new LoyaltyEngine(RewardsProgram(), new SabotagingStore(Store, first), clock);
        await engine.Rewards.AddStockAsync("mug", 1);
        await Assert.ThrowsAsync<LedgerStoreException>(async () => await sabotaged.ExecuteAsync(new RedeemRewardCommand(member, Key("mug-1"), "mug")));

        Assert.Null(await Store.FindIdempotencyRecordAsync(engine.Program.Id, member, Key("mug-1")));
        Assert.Single(await Store.ReadEntriesUpToAsync(engine.Program.Id, member, Instant.MaxValue));
        Assert.Equal(1, (await engine.GetAccountAsync(member)).Version);
        Assert.Empty(await engine.Rewards.GetClaimsAsync(member));
        Assert.Equal(new RewardStock("mug", 1, 0, 0), await engine.Rewards.GetStockAsync("mug"));
        Assert.Equal(100, (await engine.GetBalanceAsync(member)).Available.Value);
        Assert.Single(await engine.Events.ReadEventsAsync(EventCursor.Start, 10));

        // The same command, undisturbed, commits with its events.
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(new RedeemRewardCommand(member, Key("mug-1"), "mug"))).Outcome);
        Assert.Equal(3, (await engine.Events.ReadEventsAsync(EventCursor.Start, 10)).Count);
        Assert.Equal(new RewardStock("mug", 1, 1, 0), await engine.Rewards.GetStockAsync("mug"));
    }

    [SkippableFact]
    public async Task Outbox_ConcurrentWriters_AReaderFollowingTheCursorSeesEveryEventOnce()
    {
        var engine = new LoyaltyEngine(RewardsProgram(), Store, new FakeClock(Start), new LoyaltyEngineOptions { MaxConcurrencyAttempts = 1_000 });
        const int writers = 8;
        const int perWriter = 40;
        var done = 0;
        var seen = new List<OutboxEvent>();
        var reader = Task.Run(async () =>
        {
            // Follows the cursor while the writers run, then until it has everything or 20 s pass. (A PostgreSQL reader
            // sees an event once every older transaction in the cluster has ended, so it may lag, never skip.)
            var cursor = EventCursor.Start;
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Volatile.Read(ref done) < writers || (seen.Count < writers * perWriter && DateTime.UtcNow < deadline))
            {
                var page = await engine.Events.ReadEventsAsync(cursor, 7);
                seen.AddRange(page);
                if (page.Count > 0)
                {
                    cursor = page[^1].Cursor;
                }
                else
                {
                    await Task.Delay(5);
                }
            }

            seen.AddRange(await engine.Events.ReadEventsAsync(cursor, 10_000)); // nothing more may come: asserted below
        });
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var member = MemberId.From($"m-{(w + i) % 5}");
                await engine.ExecuteAsync(new EarnActivityCommand(member, Key($"w{w}-{i}"), "review", Points.FromInt64(1 + i)));
            }

            Interlocked.Increment(ref done);
        })));
        await reader;

        Assert.Equal(writers * perWriter, seen.Count);
        Assert.Equal(seen.Count, seen.Select(e => e.Event.EventId).Distinct().Count());
        Assert.Equal(seen.Select(e => e.Cursor).Order(), seen.Select(e => e.Cursor));
        Assert.Equal((await engine.Events.ReadEventsAsync(EventCursor.Start, 10_000)).Select(e => e.Event.EventId), seen.Select(e => e.Event.EventId));
    }

    [SkippableFact]
    public async Task Celebrations_JobOnSeveralInstancesAtOnce_GrantsOncePerMemberAndYear()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 1, 8, 0));
        var members = Enumerable.Range(0, 12).Select(i => MemberId.From($"b-{i}")).ToArray();
        var setup = new LoyaltyEngine(RewardsProgram(), Store, clock);
        foreach (var member in members)
        {
            await setup.ExecuteAsync(new SetProfileCommand(member, Key($"p:{member}"), new AnnualDate(6, 1), "Europe/Berlin"));
        }

        await setup.ExecuteAsync(new SetProfileCommand(MemberId.From("not-today"), Key("p:x"), new AnnualDate(7, 1), null));
        var instances = Enumerable.Range(0, 4).Select(_ => new LoyaltyEngine(RewardsProgram(), Store, clock, new LoyaltyEngineOptions { MaxConcurrencyAttempts = 1_000 })).ToArray();
        var grants = await Task.WhenAll(instances.Select(i => Task.Run(async () => await i.Jobs.RunCelebrationsAsync(pageSize: 5))));
        Assert.Equal(12, grants.Sum());
        clock.Advance(Duration.FromDays(1));
        Assert.Equal(0, await instances[0].Jobs.RunCelebrationsAsync()); // within the grace days, already granted

        foreach (var member in members)
        {
            var gifts = (await Store.ReadEntriesUpToAsync(setup.Program.Id, member, Instant.MaxValue)).Where(e => e.Kind == LedgerEntryKind.Adjust).ToList();
            Assert.Equal("birthday:2026", Assert.Single(gifts).Reason);
            Assert.Equal(25, gifts[0].Amount.Value);
        }

        clock.Reset(Instant.FromUtc(2027, 6, 2, 8, 0));
        Assert.Equal(12, await instances[1].Jobs.RunCelebrationsAsync());
    }

    [SkippableFact]
    public async Task PointsEarned_SumsEarnsLessReturnsInTheHalfOpenPeriod_PerMember()
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(RewardsProgram(), Store, clock);
        var a = MemberId.From("a");
        var b = MemberId.From("b");
        await engine.ExecuteAsync(Order(a, "a-1", 3, 10m));          // 30 at Start
        await engine.ExecuteAsync(Order(b, "b-1", 1, 45m));          // 45 at Start
        clock.Advance(Duration.FromHours(1));
        await engine.ExecuteAsync(new ReverseEarnCommand(a, Key("ret-a"), "a-1", [new ReturnedLine("1", 1)])); // -10
        await engine.ExecuteAsync(new RedeemCommand(b, Key("red-b"), Points.FromInt64(40)));                   // redemptions do not count
        clock.Advance(Duration.FromHours(1));
        await engine.ExecuteAsync(new EarnActivityCommand(a, Key("late"), "review", Points.FromInt64(100)));   // at Start + 2h: outside

        var totals = await Store.ReadPointsEarnedAsync(engine.Program.Id, Start, Start + Duration.FromHours(2));
        Assert.Equal(new[] { ("a", 20L), ("b", 45L) }, totals.Select(t => (t.MemberId.Value, t.Points)).OrderBy(t => t.Value));
        var board = await engine.Reports.GetLeaderboardAsync(new DateInterval(new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 1)));
        Assert.Equal(new[] { "a", "b" }, board.Top(10).Select(r => r.MemberId.Value)); // a: 20 + 100 over the whole day
        Assert.Equal(2, board.RankOf(b)!.Value.Rank);
    }

    /// <summary>Adds a copy of an existing event to every commit: the outbox insert fails after the ledger writes.</summary>
    private sealed class SabotagingStore(ILedgerStore inner, LoyaltyEvent duplicate) : DelegatingLedgerStore(inner)
    {
        public override ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default) =>
            base.CommitAsync(changes with { Events = [.. changes.Events, duplicate] }, cancellationToken);
    }
}
