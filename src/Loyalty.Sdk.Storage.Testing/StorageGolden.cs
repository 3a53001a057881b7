using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Loyalty.Sdk.Configuration;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Testing;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>
/// The golden storage scenario: one program that uses every persisted shape (accrual lines, partial returns, tiers
/// and their qualifying changes, period and lifetime counters, a profile, reward claims with vouchers and stock, a
/// program-wide quota, refunds, expiries, the outbox and a consumer cursor), and a text snapshot of everything a
/// store reads back. A database written by an earlier version is committed with its snapshot; the test opens it with
/// today's code and compares.
/// </summary>
public static class StorageGolden
{
    /// <summary>The first instant of the scenario.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 1, 10, 9, 0);

    /// <summary>The members the scenario writes.</summary>
    public static readonly MemberId[] Members = [MemberId.From("ana"), MemberId.From("bo")];

    /// <summary>The instant at which the snapshot reads balances and statements.</summary>
    public static readonly Instant ReadAt = Instant.FromUtc(2027, 3, 1, 0, 0);

    /// <summary>The program.</summary>
    public static LoyaltyProgram Program() => LoyaltyProgramJson.Parse("""
        {
          "id": "golden", "baseCurrency": "EUR", "timeZone": "Europe/Berlin", "pointsPerCurrencyUnit": 1,
          "rounding": "floor", "pendingDays": 14,
          "expiry": { "kind": "afterMonths", "length": 12, "rounding": "endOfMonth" },
          "reversalPolicy": "debt", "pointValue": 0.01,
          "exchangeRates": [ { "from": "USD", "to": "EUR", "rate": 0.92 } ],
          "earning": {
            "excludedCategories": [ "shipping" ], "categoryMultipliers": { "books": 2 },
            "maxPointsPerMemberPerPeriod": 50000, "memberCapPeriod": "month",
            "activities": [ { "activityType": "review", "points": 25, "maxPerPeriod": 5, "period": "month" } ]
          },
          "tiers": {
            "metric": "spend", "window": "calendarYear", "grace": "P1M",
            "levels": [ { "id": "member", "threshold": 0 }, { "id": "silver", "threshold": 500 }, { "id": "gold", "threshold": 1500 } ]
          },
          "engagement": {
            "rewards": [
              { "id": "tote-bag", "kind": "physicalItem", "points": 300, "tracksStock": true, "maxPerMember": 2 },
              { "id": "ten-off", "kind": "coupon", "points": 200, "voucherValidity": "P30D", "maxPerMemberPerPeriod": 3, "limitPeriod": "month", "maxPerPeriod": 100 },
              { "id": "birthday-gift", "kind": "coupon", "redeemable": false, "voucherValidity": "P1M" }
            ],
            "tasks": [ { "id": "three-reviews", "action": "review", "count": 3, "period": "month", "points": 150 } ],
            "celebrations": [ { "kind": "birthday", "points": 200, "rewardId": "birthday-gift", "graceDays": 7 } ]
          }
        }
        """);

    /// <summary>Runs the scenario against a store; voucher codes are random, so two runs differ only in them.</summary>
    public static async Task WriteAsync(ILedgerStore store)
    {
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(Program(), store, clock);
        var (ana, bo) = (Members[0], Members[1]);
        var n = 0;
        IdempotencyKey Key() => IdempotencyKey.From("k-" + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture));
        async Task Run(LedgerCommand command)
        {
            var result = await engine.ExecuteAsync(command);
            if (result.Outcome != LedgerOutcome.Committed)
            {
                throw new InvalidOperationException($"Scenario command {command.GetType().Name} {command.Key}: {result.Rejection}");
            }
        }

        await Run(new SetProfileCommand(ana, Key(), new AnnualDate(2, 14), "Europe/Lisbon"));
        await Run(new EarnCommand(ana, Key(), "o-1", clock.GetCurrentInstant(), [Line("a", "books", 2, 120m), Line("b", "toys", 3, 100m), Line("s", "shipping", 1, 4.99m)]));
        clock.Advance(Duration.FromDays(1));
        await Run(new EarnCommand(ana, Key(), "o-2", clock.GetCurrentInstant(), [Line("c", "toys", 4, 75.5m, "USD")]));
        for (var i = 0; i < 3; i++)
        {
            await Run(new EarnActivityCommand(ana, Key(), "review"));
        }

        await Run(new ReverseEarnCommand(ana, Key(), "o-1", [new ReturnedLine("b", 1)]));
        clock.Advance(Duration.FromDays(15));
        await engine.Rewards.AddStockAsync("tote-bag", 5);
        var tote = Key();
        await Run(new RedeemRewardCommand(ana, tote, "tote-bag"));
        await Run(new FulfilRewardCommand(ana, Key(), tote));
        var secondTote = Key();
        await Run(new RedeemRewardCommand(ana, secondTote, "tote-bag"));
        await Run(new CancelRewardCommand(ana, Key(), secondTote));
        var coupon = Key();
        await Run(new RedeemRewardCommand(ana, coupon, "ten-off"));
        await Run(new RedeemRewardCommand(ana, Key(), "ten-off"));
        var code = (await engine.Rewards.GetClaimsAsync(ana)).Single(c => c.Key == coupon).VoucherCode!;
        await Run(new UseVoucherCommand(ana, Key(), code));
        var redemption = Key();
        await Run(new RedeemCommand(ana, redemption, Points.FromInt64(120), "o-3"));
        await Run(new RefundRedemptionCommand(ana, Key(), redemption, Points.FromInt64(50)));
        clock.Advance(Duration.FromDays(20)); // 2026-02-14: the birthday
        await Run(new GrantCelebrationCommand(ana, Key(), CelebrationKind.Birthday));
        await Run(new SetTierFloorCommand(ana, Key(), "gold", "vip"));
        await Run(new AdjustCommand(ana, Key(), Points.FromInt64(100), "goodwill"));
        await Run(new AdjustCommand(ana, Key(), Points.FromInt64(-10), "correction"));
        await Run(new EarnCommand(bo, Key(), "o-9", clock.GetCurrentInstant(), [Line("x", "toys", 1, 40m)]));
        await Run(new ReverseEarnCommand(bo, Key(), "o-9", [new ReturnedLine("x", 1)]));
        await engine.Events.DeliverEventsAsync("crm", (_, _) => ValueTask.CompletedTask, batchSize: 7);
        clock.Advance(Duration.FromDays(400));
        await engine.Jobs.RunExpiryAsync();
        await Run(new EarnCommand(bo, Key(), "o-10", clock.GetCurrentInstant(), [Line("y", "books", 1, 10m)]));
    }

    /// <summary>
    /// Runs new commands against a store holding the scenario: an old key replays, a lifetime reward limit counted by
    /// the old rows still binds, and an order earned by the old version can be returned.
    /// </summary>
    public static async Task ContinueAsync(ILedgerStore store)
    {
        var clock = new FakeClock(ReadAt + Duration.FromDays(30));
        var engine = new LoyaltyEngine(Program(), store, clock);
        var (ana, bo) = (Members[0], Members[1]);

        var replay = await engine.ExecuteAsync(new EarnCommand(ana, IdempotencyKey.From("k-2"), "o-1", Start, [Line("a", "books", 2, 120m), Line("b", "toys", 3, 100m), Line("s", "shipping", 1, 4.99m)]));
        Xunit.Assert.Equal(LedgerOutcome.Replayed, replay.Outcome);
        Xunit.Assert.Equal(780, replay.Entries[0].Amount.Value);

        var reverse = await engine.ExecuteAsync(new ReverseEarnCommand(bo, IdempotencyKey.From("n-1"), "o-10", [new ReturnedLine("y", 1)]));
        Xunit.Assert.Equal(LedgerOutcome.Committed, reverse.Outcome);
        Xunit.Assert.Equal(-20, reverse.Entries[0].Amount.Value);
        Xunit.Assert.True((await engine.GetBalanceAsync(bo)).Total.IsZero);

        var earn = await engine.ExecuteAsync(new EarnCommand(ana, IdempotencyKey.From("n-2"), "o-20", clock.GetCurrentInstant(), [Line("z", "toys", 1, 1000m)]));
        Xunit.Assert.Equal(LedgerOutcome.Committed, earn.Outcome);
        clock.Advance(Duration.FromDays(15));
        var second = await engine.ExecuteAsync(new RedeemRewardCommand(ana, IdempotencyKey.From("n-3"), "tote-bag"));
        Xunit.Assert.Equal(LedgerOutcome.Committed, second.Outcome);
        var third = await engine.ExecuteAsync(new RedeemRewardCommand(ana, IdempotencyKey.From("n-4"), "tote-bag"));
        Xunit.Assert.Equal(RejectionReason.RewardLimitReached, third.Rejection?.Reason);
        Xunit.Assert.Equal(1_000 - 300, (await engine.GetBalanceAsync(ana)).Total.Value);
    }

    private static PurchaseLine Line(string id, string category, int units, decimal price, string currency = "EUR") =>
        new(id, "sku-" + id, category, units, new Money(price, CurrencyCode.Parse(currency)));

    /// <summary>A text snapshot of everything the store reads back for the scenario's program.</summary>
    public static async Task<string> SnapshotAsync(ILedgerStore store)
    {
        var json = new JsonSerializerOptions { WriteIndented = false }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        var program = Program();
        var engine = new LoyaltyEngine(program, store, new FakeClock(ReadAt));
        var text = new StringBuilder();
        void Line(string label, object? value) => text.Append(label).Append(": ").AppendLine(JsonSerializer.Serialize(value, json));

        foreach (var member in Members)
        {
            text.AppendLine("# member " + member);
            var account = await engine.GetAccountAsync(member);
            Line("account", account with { Counters = [] });
            foreach (var counter in account.Counters.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal))
            {
                var period = counter.PeriodStart is { } start ? start.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "lifetime";
                Line("counter", $"{counter.Key}@{period}={counter.Value}");
            }

            foreach (var entry in await store.ReadEntriesUpToAsync(program.Id, member, Instant.MaxValue))
            {
                Line("entry", entry);
            }

            foreach (var lot in await store.ReadLotsAsync(program.Id, member))
            {
                Line("lot", lot);
            }

            foreach (var claim in await store.ReadClaimsAsync(program.Id, member))
            {
                Line("claim", claim with { VoucherCode = claim.VoucherCode is null ? null : "code" });
            }

            foreach (var order in new[] { "o-1", "o-2", "o-9", "o-10" })
            {
                var loaded = await store.LoadAsync(new LedgerLoadRequest(program.Id, member, OrderId: order));
                if (loaded.Accrual is { } accrual)
                {
                    Line("accrual", accrual);
                }
            }

            for (var k = 1; k <= 40; k++)
            {
                var key = IdempotencyKey.From("k-" + k.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (await store.FindIdempotencyRecordAsync(program.Id, member, key) is { } record)
                {
                    Line("idempotency", record);
                }

                var loaded = await store.LoadAsync(new LedgerLoadRequest(program.Id, member, RedemptionKey: key));
                if (loaded.Redemption is { } redemption)
                {
                    Line("redemption", redemption);
                    Line("redemption-lots", loaded.RedemptionLots);
                }
            }

            foreach (var at in new[] { Start + Duration.FromDays(20), Start + Duration.FromDays(40), ReadAt })
            {
                Line("balance", await engine.GetBalanceAsync(member, at));
            }

            Line("tier", await engine.Tiers.GetTierAsync(member, ReadAt));
            Line("statement", await engine.Reports.GetStatementAsync(member, Start, ReadAt));
        }

        text.AppendLine("# program");
        Line("stock", await engine.Rewards.GetStockAsync("tote-bag"));
        Line("cursor", await store.ReadConsumerCursorAsync(program.Id, "crm"));
        Line("liability", await engine.Reports.GetLiabilityAsync(ReadAt));
        foreach (var e in await store.ReadEventsAsync(program.Id, EventCursor.Start, 1_000))
        {
            var body = e.Event is RewardRedeemed { VoucherCode: not null } redeemed ? (LoyaltyEvent)(redeemed with { VoucherCode = "code" }) : e.Event;
            Line("event", new { e.Cursor, Type = body.GetType().Name, Body = JsonSerializer.SerializeToElement(body, body.GetType(), json) });
        }

        return text.ToString();
    }

    /// <summary>Reads a committed golden file from the test project's <c>Golden</c> folder.</summary>
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name);
}
