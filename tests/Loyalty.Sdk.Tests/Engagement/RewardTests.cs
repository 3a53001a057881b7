using System;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Tiers;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Engagement;

public sealed class RewardTests
{
    internal static readonly TierLadder Ladder = new(
        [new Tier("member", 0m), new Tier("silver", 100m), new Tier("gold", 1000m)],
        QualifyingMetric.Spend,
        TierWindow.CalendarYear);

    internal static readonly Reward[] Catalogue =
    [
        new Reward { Id = "mug", Name = "Mug", Kind = RewardKind.PhysicalItem, Points = 100, TracksStock = true },
        new Reward { Id = "ten-off", Kind = RewardKind.Coupon, Points = 50, VoucherValidity = Period.FromDays(14) },
        new Reward { Id = "ship", Kind = RewardKind.FreeShipping, Points = 30, MaxPerMemberPerPeriod = 2, LimitPeriod = CapPeriod.Month },
        new Reward { Id = "tote", Kind = RewardKind.PhysicalItem, Points = 20, Cash = Money.Of(4.99m, "EUR"), MaxPerMember = 1 },
        new Reward { Id = "lounge", Kind = RewardKind.TierPerk, Points = 10, MinimumTier = "silver" },
        new Reward { Id = "gala", Kind = RewardKind.TierPerk, Points = 10, Tiers = ["gold"] },
        new Reward { Id = "xmas", Kind = RewardKind.PhysicalItem, Points = 10, AvailableFrom = new LocalDate(2026, 12, 1), AvailableUntil = new LocalDate(2026, 12, 24) },
        new Reward { Id = "gift", Kind = RewardKind.Coupon, Redeemable = false, VoucherValidity = Period.FromMonths(1) },
    ];

    /// <summary>The catalogue without tier restrictions, for programs without a ladder.</summary>
    internal static readonly Reward[] Untiered = Catalogue.Where(r => r.MinimumTier is null && r.Tiers.Count == 0).ToArray();

    internal static (LoyaltyEngine Engine, NodaTime.Testing.FakeClock Clock, Loyalty.Sdk.Storage.InMemoryLedgerStore Store) RewardEngine(Action<LoyaltyProgramBuilder>? configure = null) =>
        Engine(b =>
        {
            b.Tiers = Ladder;
            b.Engagement = new EngagementRules { Rewards = Catalogue };
            configure?.Invoke(b);
        });

    private static async Task<LoyaltyEngine> Seeded(long points = 1_000)
    {
        var (engine, _, _) = RewardEngine();
        await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("seed"), "signup", Points.FromInt64(points)));
        return engine;
    }

    private static RedeemRewardCommand Claim(string reward, string key) => new(Member(), Key(key), reward);

    [Fact]
    public async Task RedeemingAStockedReward_DebitsPointsAndReservesOneUnit_InOneCommand()
    {
        var engine = await Seeded(250);
        await engine.Rewards.AddStockAsync("mug", 3);
        var result = await engine.ExecuteAsync(Claim("mug", "r1"));

        Assert.Equal(LedgerOutcome.Committed, result.Outcome);
        var redeem = Assert.Single(result.Entries);
        Assert.Equal((LedgerEntryKind.Redeem, -100L, "reward:mug"), (redeem.Kind, redeem.Amount.Value, redeem.Reason));
        Assert.Equal(150, result.Balance.Available.Value);
        Assert.Equal(new RewardStock("mug", 3, 1, 0), await engine.Rewards.GetStockAsync("mug"));
        var claim = Assert.Single(await engine.Rewards.GetClaimsAsync(Member()));
        Assert.Equal((ClaimStatus.Reserved, true, 100L, Key("r1")), (claim.Status, claim.HoldsStock, claim.Points.Value, claim.Key));

        // The same key replays; nothing more is reserved or debited.
        Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(Claim("mug", "r1"))).Outcome);
        Assert.Equal(new RewardStock("mug", 3, 1, 0), await engine.Rewards.GetStockAsync("mug"));
        Assert.Equal(RejectionReason.IdempotencyConflict, (await engine.ExecuteAsync(Claim("tote", "r1"))).Rejection?.Reason);
    }

    [Fact]
    public async Task Fulfil_ConfirmsTheUnit_Cancel_RefundsAndReleasesExactlyOnce()
    {
        var engine = await Seeded(250);
        await engine.Rewards.AddStockAsync("mug", 2);
        await engine.ExecuteAsync(Claim("mug", "r1"));
        await engine.ExecuteAsync(Claim("mug", "r2"));
        Assert.Equal(RejectionReason.RewardOutOfStock, (await engine.ExecuteAsync(Claim("mug", "r3"))).Rejection?.Reason);

        Assert.True((await engine.ExecuteAsync(new FulfilRewardCommand(Member(), Key("f1"), Key("r1")))).IsSuccess);
        Assert.Equal(RejectionReason.ClaimNotChangeable, (await engine.ExecuteAsync(new FulfilRewardCommand(Member(), Key("f1b"), Key("r1")))).Rejection?.Reason);
        Assert.Equal(RejectionReason.ClaimNotChangeable, (await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("c1"), Key("r1")))).Rejection?.Reason);

        var cancel = await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("c2"), Key("r2")));
        Assert.Equal(LedgerEntryKind.RedemptionRefund, Assert.Single(cancel.Entries).Kind);
        Assert.Equal(150, cancel.Balance.Available.Value);
        Assert.Equal(new RewardStock("mug", 2, 0, 1), await engine.Rewards.GetStockAsync("mug"));
        Assert.Equal(RejectionReason.ClaimNotChangeable, (await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("c3"), Key("r2")))).Rejection?.Reason);
        Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("c2"), Key("r2")))).Outcome);
        Assert.Equal(RejectionReason.UnknownClaim, (await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("c4"), Key("nope")))).Rejection?.Reason);

        // The released unit can be claimed again.
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Claim("mug", "r4"))).Outcome);
        var stock = await engine.Rewards.GetStockAsync("mug");
        Assert.Equal((2L, 1L, 1L, 0L), (stock.Total, stock.Reserved, stock.Confirmed, stock.Available));
    }

    [Fact]
    public async Task Limits_PerMemberAndPerPeriod_CancelledClaimsGiveTheirPlaceBack()
    {
        var (engine, clock, _) = RewardEngine();
        await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("seed"), "signup", Points.FromInt64(1_000)));
        Assert.True((await engine.ExecuteAsync(Claim("ship", "s1"))).IsSuccess);
        Assert.True((await engine.ExecuteAsync(Claim("ship", "s2"))).IsSuccess);
        var third = await engine.ExecuteAsync(Claim("ship", "s3"));
        Assert.Equal(RejectionReason.RewardLimitReached, third.Rejection?.Reason);
        Assert.Contains("2 time(s) per month of 2026-01-01", third.Rejection!.Message);

        await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("c1"), Key("s1")));
        Assert.True((await engine.ExecuteAsync(Claim("ship", "s4"))).IsSuccess);
        clock.Reset(Instant.FromUtc(2026, 2, 1, 9, 0));
        Assert.True((await engine.ExecuteAsync(Claim("ship", "s5"))).IsSuccess); // a new month

        Assert.True((await engine.ExecuteAsync(Claim("tote", "t1"))).IsSuccess);
        Assert.Equal(RejectionReason.RewardLimitReached, (await engine.ExecuteAsync(Claim("tote", "t2"))).Rejection?.Reason);
        var tote = (await engine.Rewards.GetClaimsAsync(Member())).Single(c => c.RewardId == "tote");
        Assert.Equal(Money.Of(4.99m, "EUR"), tote.Cash);
        Assert.Equal(ClaimStatus.Issued, tote.Status); // not stock-tracked: issued at once
    }

    [Fact]
    public async Task CancellingAGrantedReward_DoesNotGiveARedemptionLimitPlaceBack()
    {
        var (engine, _, _) = Engine(b => b.Engagement = new EngagementRules
        {
            Rewards = [new Reward { Id = "tote", Kind = RewardKind.PhysicalItem, Points = 20, MaxPerMember = 1 }],
        });
        await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("seed"), "signup", Points.FromInt64(100)));
        Assert.True((await engine.ExecuteAsync(Claim("tote", "t1"))).IsSuccess);
        var rule = new WinBackRule { Id = "gift", MinDaysSinceLastPurchase = 1, Action = WinBackAction.IssueReward, RewardId = "tote" };
        Assert.Equal(1, (await engine.Jobs.RunWinBackAsync(rule, [new WinBackSignal(Member(), null, null, 5)], dryRun: false)).Applied);
        var granted = (await engine.Rewards.GetClaimsAsync(Member())).Single(c => c.Reason == "win-back:gift");
        Assert.True((await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("c1"), granted.Key))).IsSuccess);
        Assert.Equal(RejectionReason.RewardLimitReached, (await engine.ExecuteAsync(Claim("tote", "t2"))).Rejection?.Reason);
    }

    [Fact]
    public async Task AvailabilityWindow_IsLocalDatesInTheProgramZone()
    {
        var (engine, clock, _) = RewardEngine();
        await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("seed"), "signup", Points.FromInt64(100)));
        clock.Reset(Instant.FromUtc(2026, 11, 30, 22, 59)); // 23:59 in Berlin on 30 November
        Assert.Equal(RejectionReason.RewardNotAvailable, (await engine.ExecuteAsync(Claim("xmas", "x1"))).Rejection?.Reason);
        clock.Reset(Instant.FromUtc(2026, 11, 30, 23, 0)); // midnight, 1 December in Berlin
        Assert.True((await engine.ExecuteAsync(Claim("xmas", "x2"))).IsSuccess);
        clock.Reset(Instant.FromUtc(2026, 12, 24, 23, 0)); // 25 December in Berlin
        Assert.Equal(RejectionReason.RewardNotAvailable, (await engine.ExecuteAsync(Claim("xmas", "x3"))).Rejection?.Reason);
    }

    [Fact]
    public async Task TierRestrictions_MinimumTierAndExclusiveTiers()
    {
        var (engine, _, _) = RewardEngine();
        await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("seed"), "signup", Points.FromInt64(100)));
        Assert.Equal(RejectionReason.RewardTierRequired, (await engine.ExecuteAsync(Claim("lounge", "l1"))).Rejection?.Reason);
        await engine.ExecuteAsync(Order("o-1", Line("1", 1, 150m))); // spend 150: silver
        Assert.True((await engine.ExecuteAsync(Claim("lounge", "l2"))).IsSuccess);
        var gala = await engine.ExecuteAsync(Claim("gala", "g1"));
        Assert.Equal(RejectionReason.RewardTierRequired, gala.Rejection?.Reason);
        Assert.Contains("exclusive to tier(s) gold", gala.Rejection!.Message);
        await engine.ExecuteAsync(Order("o-2", Line("1", 1, 900m)));  // gold
        Assert.True((await engine.ExecuteAsync(Claim("gala", "g2"))).IsSuccess);
        Assert.True((await engine.ExecuteAsync(Claim("lounge", "l3"))).IsSuccess); // gold is above silver
    }

    [Fact]
    public async Task Coupon_IssuesAUniqueVoucher_SingleUse_ExpiresLocally_CancelBeforeUseRefunds()
    {
        var (engine, clock, _) = RewardEngine();
        await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("seed"), "signup", Points.FromInt64(500)));
        var codes = new System.Collections.Generic.HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            var result = await engine.ExecuteAsync(Claim("ten-off", $"c{i}"));
            var issued = Assert.IsType<RewardRedeemed>((await engine.Events.ReadEventsAsync(EventCursor.Start, 100)).Last().Event);
            Assert.Equal($"c{i}", issued.ClaimKey);
            Assert.True(codes.Add(issued.VoucherCode!));
            Assert.True(result.IsSuccess);
        }

        var claims = await engine.Rewards.GetClaimsAsync(Member());
        Assert.All(claims, c => Assert.Equal(Start.InZone(engine.Program.TimeZone).LocalDateTime.PlusDays(14).InZoneLeniently(engine.Program.TimeZone).ToInstant(), c.VoucherExpiresAt));

        // Cancel before use: the points come back; the voucher is dead.
        await engine.ExecuteAsync(new CancelRewardCommand(Member(), Key("x0"), claims[0].Key));
        Assert.Equal(RejectionReason.VoucherExpired, (await engine.ExecuteAsync(new UseVoucherCommand(Member(), Key("u0"), claims[0].VoucherCode!))).Rejection?.Reason);
        Assert.Equal(500 - (4 * 50), (await engine.GetBalanceAsync(Member())).Available.Value);

        Assert.True((await engine.ExecuteAsync(new UseVoucherCommand(Member(), Key("u1"), claims[1].VoucherCode!))).IsSuccess);
        Assert.Equal(RejectionReason.VoucherAlreadyUsed, (await engine.ExecuteAsync(new UseVoucherCommand(Member(), Key("u1b"), claims[1].VoucherCode!))).Rejection?.Reason);
        clock.Reset(claims[2].VoucherExpiresAt!.Value);
        Assert.Equal(RejectionReason.VoucherExpired, (await engine.ExecuteAsync(new UseVoucherCommand(Member(), Key("u2"), claims[2].VoucherCode!))).Rejection?.Reason);
        Assert.Equal(RejectionReason.UnknownVoucher, (await engine.ExecuteAsync(new UseVoucherCommand(Member(), Key("u3"), "0000-0000-0000-0000"))).Rejection?.Reason);
    }

    [Fact]
    public async Task Rejections_AreTypedAndChangeNothing()
    {
        var engine = await Seeded(40);
        var before = await engine.GetAccountAsync(Member());
        Assert.Equal(RejectionReason.UnknownReward, (await engine.ExecuteAsync(Claim("yacht", "y"))).Rejection?.Reason);
        Assert.Equal(RejectionReason.UnknownReward, (await engine.ExecuteAsync(Claim("gift", "g"))).Rejection?.Reason); // grant-only
        Assert.Equal(RejectionReason.InsufficientPoints, (await engine.ExecuteAsync(Claim("ten-off", "t"))).Rejection?.Reason);
        Assert.Equal(RejectionReason.RewardOutOfStock, (await engine.ExecuteAsync(Claim("mug", "m"))).Rejection?.Reason);   // never stocked
        Assert.Equal(RejectionReason.UnknownMember, (await engine.ExecuteAsync(new RedeemRewardCommand(Member("nobody"), Key("n"), "ship"))).Rejection?.Reason);
        Assert.Equal(before, await engine.GetAccountAsync(Member()));
        Assert.Empty(await engine.Rewards.GetClaimsAsync(Member()));
        Assert.Throws<ArgumentException>(() => new RedeemRewardCommand(Member(), Key("e"), ""));
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.Rewards.AddStockAsync("ten-off", 5)); // does not track stock
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Rewards.AddStockAsync("mug", 0));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.Rewards.AddStockAsync("mug", -1));
    }

    [Fact]
    public void Catalogue_IsValidatedWithTheProgram_EveryProblemListed()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program(b => b.Engagement = new EngagementRules
        {
            Rewards =
            [
                new Reward { Id = "a", Points = 0 },
                new Reward { Id = "a", Points = 5, Kind = RewardKind.Coupon },
                new Reward { Id = "b", Points = 5, MinimumTier = "gold", AvailableFrom = new LocalDate(2026, 2, 1), AvailableUntil = new LocalDate(2026, 1, 1) },
                new Reward { Id = "c", Points = 5, Kind = RewardKind.Coupon, VoucherValidity = Period.FromDays(-3) },
            ],
            Tasks = [new EngagementTask { Id = "t", Action = "review", Count = 0, Points = 10 }],
            Perks = [new TierPerk { Id = "p", MinimumTier = "platinum" }],
            Celebrations = [new CelebrationRule { Kind = CelebrationKind.Birthday, RewardId = "none" }],
        }));
        var text = string.Join("\n", error.Errors);
        foreach (var expected in new[]
        {
            "reward 'a': the price must be positive",
            "reward 'a': a coupon needs a VoucherValidity",
            "reward 'a' is defined 2 times",
            "reward 'b': AvailableUntil 2026-01-01 is before AvailableFrom 2026-02-01",
            "reward 'b': tier 'gold' is not in the program's tier ladder",
            "reward 'c': VoucherValidity must be positive",
            "task 't': the count must be at least 1",
            "perk 'p': tier 'platinum' is not in the program's tier ladder",
            "Birthday reward: reward 'none' is not in the catalogue",
        })
        {
            Assert.Contains(expected, text);
        }
    }

    [Fact]
    public async Task Import_OfManyClaims_HonoursStockAndTheProgramWideLimitWithinTheBatch()
    {
        var store = new CountingStore(new Loyalty.Sdk.Storage.InMemoryLedgerStore());
        var engine = new LoyaltyEngine(Program(b => b.Engagement = new EngagementRules
        {
            Rewards =
            [
                new Reward { Id = "mug", Kind = RewardKind.PhysicalItem, Points = 10, TracksStock = true },
                new Reward { Id = "flash", Kind = RewardKind.FreeShipping, Points = 10, MaxPerPeriod = 3, LimitPeriod = CapPeriod.Day },
            ],
        }), store, new NodaTime.Testing.FakeClock(Start));
        var members = Enumerable.Range(0, 6).Select(i => Member($"m{i}")).ToArray();
        await engine.ImportAsync(members.Select(m => (LedgerCommand)new EarnActivityCommand(m, Key($"seed:{m}"), "signup", Points.FromInt64(100))).ToArray());
        await engine.Rewards.AddStockAsync("mug", 4);

        store.Batches = store.Singles = 0;
        var results = await engine.ImportAsync(members.SelectMany(m => new LedgerCommand[]
        {
            new RedeemRewardCommand(m, Key($"mug:{m}"), "mug"),
            new RedeemRewardCommand(m, Key($"flash:{m}"), "flash"),
        }).ToArray());

        Assert.Equal(4, results.Where((r, i) => i % 2 == 0).Count(r => r.Outcome == LedgerOutcome.Committed));
        Assert.Equal(3, results.Where((r, i) => i % 2 == 1).Count(r => r.Outcome == LedgerOutcome.Committed));
        Assert.Equal(new[] { RejectionReason.RewardLimitReached, RejectionReason.RewardLimitReached, RejectionReason.RewardLimitReached, RejectionReason.RewardOutOfStock, RejectionReason.RewardOutOfStock },
            results.Where(r => !r.IsSuccess).Select(r => r.Rejection!.Reason).Order());
        Assert.Equal(new RewardStock("mug", 4, 4, 0), await engine.Rewards.GetStockAsync("mug"));
        Assert.Equal((1, 0), (store.Batches, store.Singles)); // the batch overlay kept the decisions consistent: one transaction
    }

    private sealed class CountingStore(Loyalty.Sdk.Storage.ILedgerStore inner) : Loyalty.Sdk.Storage.Testing.DelegatingLedgerStore(inner)
    {
        public int Batches { get; set; }

        public int Singles { get; set; }

        public override ValueTask<Loyalty.Sdk.Storage.CommitStatus> CommitAsync(Loyalty.Sdk.Storage.LedgerChangeSet changes, System.Threading.CancellationToken cancellationToken = default)
        {
            Singles++;
            return base.CommitAsync(changes, cancellationToken);
        }

        public override ValueTask<Loyalty.Sdk.Storage.CommitStatus> CommitBatchAsync(System.Collections.Generic.IReadOnlyList<Loyalty.Sdk.Storage.LedgerChangeSet> changes, System.Threading.CancellationToken cancellationToken = default)
        {
            Batches++;
            return base.CommitBatchAsync(changes, cancellationToken);
        }
    }
}
