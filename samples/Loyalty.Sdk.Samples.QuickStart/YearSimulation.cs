using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage.Sqlite;
using Loyalty.Sdk.Tiers;
using NodaTime;

namespace Loyalty.Sdk.Samples.QuickStart;

/// <summary>
/// A year of a cross-border shop with a few thousand members, on a SQLite file: orders in three currencies from
/// three time zones, a category multiplier, excluded shipping, a double-points campaign, redemptions, partial
/// returns, pending points, expiry with reminders, tiers with promotions and demotions. Then the reports: liability,
/// breakage, tiers, retention, repeat and cross-purchase rates, RFM segments and the members most at risk.
/// Seeded, so every run prints the same figures.
/// </summary>
internal static class YearSimulation
{
    private static readonly (string Zone, string Currency, decimal PerEuro)[] Markets =
    [
        ("Europe/Berlin", "EUR", 1m),
        ("America/New_York", "USD", 1.09m),
        ("Asia/Shanghai", "CNY", 7.8m),
    ];

    private static readonly string[] Categories = ["books", "music", "home", "audio"];

    public static async Task<bool> RunAsync(string path, int members = 3_000)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        var program = new LoyaltyProgramBuilder
        {
            Id = "year-shop",
            BaseCurrency = "EUR",
            TimeZoneId = "Europe/Berlin",
            PendingDays = 14,
            Expiry = ExpiryPolicy.AfterMonths(6, ExpiryRounding.EndOfMonth),
            MinimumRedemptionPoints = 100,
            ExchangeRates = new FixedExchangeRateProvider([
                (CurrencyCode.Usd, CurrencyCode.Eur, 0.92m),
                (CurrencyCode.Parse("CNY"), CurrencyCode.Eur, 0.128m),
            ]),
            Earning = new EarningRules(
                excludedCategories: ["shipping"],
                categoryMultipliers: new Dictionary<string, decimal> { ["books"] = 2m },
                campaigns: [new Campaign("black-friday-week", 2m, new LocalDate(2026, 11, 23), new LocalDate(2026, 11, 30))]),
            Tiers = new TierLadder(
                [new Tier("member", 0m), new Tier("silver", 250m, 1.25m, 200m), new Tier("gold", 600m, 1.5m, 500m)],
                QualifyingMetric.Spend,
                TierWindow.RollingMonths(3)),
        }.Build();

        using var store = SqliteLedgerStore.Open(new SqliteLedgerStoreOptions { DataSource = path, Durability = SqliteDurability.Normal });
        var clock = new SimulatedClock(Instant.FromUtc(2026, 1, 1, 11, 0));
        var engine = new LoyaltyEngine(program, store, clock);
        var random = new Random(2026);
        var watch = Stopwatch.StartNew();

        // Who the members are: a home market, a join day, a pace and a chance to stop buying after each order.
        var people = Enumerable.Range(0, members).Select(i => (
            Id: MemberId.From($"member-{i:D5}"),
            Market: Markets[random.Next(Markets.Length)],
            Joins: (int)(Math.Pow(random.NextDouble(), 1.4) * 300),
            Gap: 6 + (random.NextDouble() * 40),
            Churn: 0.05 + (random.NextDouble() * 0.25))).ToArray();
        var nextOrderDay = people.Select(p => p.Joins).ToArray();
        var stopped = new bool[members];
        var purchases = new List<PurchaseRecord>();
        var amountsInEuro = new List<decimal>();
        var returnsDue = new List<(int Day, MemberId Member, string Order)>();
        int orders = 0, returns = 0, redemptions = 0, rejected = 0, reminders = 0, tierChanges = 0;
        var expired = Points.Zero;

        Console.WriteLine();
        Console.WriteLine($"A simulated year: {members:N0} members in {Markets.Length} markets, one SQLite file ({path})");
        for (var day = 0; day < 365; day++)
        {
            var today = new LocalDate(2026, 1, 1).PlusDays(day);
            clock.Set(today.At(new LocalTime(12, 0)).InZoneLeniently(program.TimeZone).ToInstant());
            var batch = new List<LedgerCommand>();
            for (var m = 0; m < members; m++)
            {
                if (stopped[m] || nextOrderDay[m] != day)
                {
                    continue;
                }

                var (id, market, _, gap, churn) = people[m];
                var orderId = $"o{orders++:D6}";
                var orderedAt = clock.Now - Duration.FromMinutes(random.Next(0, 600));
                var lines = new List<PurchaseLine>();
                for (var l = 0; l < 1 + random.Next(3); l++)
                {
                    var category = Categories[random.Next(Categories.Length)];
                    var euros = Math.Round((decimal)(8 + (random.NextDouble() * 60)), 2);
                    lines.Add(new PurchaseLine($"{l + 1}", $"{category}-{random.Next(50)}", category, 1 + random.Next(2), Money.Of(Math.Round(euros * market.PerEuro, 2), market.Currency)));
                    purchases.Add(new PurchaseRecord(id.Value, orderedAt, orderId, null, category));
                    amountsInEuro.Add(euros * lines[^1].Units);
                }

                lines.Add(new PurchaseLine("ship", "SHIPPING", "shipping", 1, Money.Of(Math.Round(4.90m * market.PerEuro, 2), market.Currency)));
                batch.Add(new EarnCommand(id, IdempotencyKey.From($"earn:{orderId}"), orderId, orderedAt, lines));
                if (random.NextDouble() < 0.08)
                {
                    returnsDue.Add((day + 3 + random.Next(8), id, orderId));
                }

                if (random.NextDouble() < 0.4)
                {
                    batch.Add(new RedeemCommand(id, IdempotencyKey.From($"redeem:{orderId}"), Points.FromInt64(100 + (50 * random.Next(7))), orderId));
                    redemptions++;
                }

                stopped[m] = random.NextDouble() < churn;
                nextOrderDay[m] = day + 1 + (int)(-Math.Log(1 - random.NextDouble()) * gap);
            }

            foreach (var due in returnsDue.Where(r => r.Day == day))
            {
                batch.Add(new ReverseEarnCommand(due.Member, IdempotencyKey.From($"return:{due.Order}"), due.Order, [new ReturnedLine("1", 1)]));
                returns++;
            }

            if (batch.Count > 0)
            {
                foreach (var result in await engine.ImportAsync(batch))
                {
                    rejected += result.Outcome == LedgerOutcome.Rejected ? 1 : 0;
                    tierChanges += result.Entries.Count(e => e.Kind == LedgerEntryKind.TierChange);
                }
            }

            if (today.Day == 1)
            {
                // The monthly jobs: reminders for points expiring in 30 days, then expiry and tier reviews.
                await foreach (var _ in engine.Reports.ScanExpiringAsync(clock.Now, clock.Now + Duration.FromDays(30)))
                {
                    reminders++;
                }

                var run = await engine.Jobs.RunExpiryAsync();
                expired += run.PointsExpired;
                tierChanges += run.TierChanges;
                Console.WriteLine($"  {today:uuuu-MM}  {orders,6:N0} orders so far  {watch.Elapsed.TotalSeconds,5:0.0} s");
            }
        }

        Console.WriteLine($"  {orders:N0} orders, {returns:N0} partial returns, {redemptions:N0} redemption attempts ({rejected:N0} commands rejected with a typed reason, mostly too few points), {reminders:N0} expiry reminders, {expired} points expired, {tierChanges:N0} tier changes");
        var liability = await engine.Reports.GetLiabilityAsync();
        Console.WriteLine($"Liability: {liability.Members:N0} members, {liability.Outstanding} points outstanding ({liability.Pending} pending) = {liability.Value:0.00} EUR at {liability.CostPerPoint} EUR per point");
        var breakage = await engine.Reports.GetBreakageAsync();
        Console.WriteLine("Breakage (expired ÷ earned) by earning month: " + string.Join("  ", breakage.Where(b => b.Expired > 0).Select(b => $"{b.Month:uuuu-MM} {b.Rate:P0}")));

        var tiers = new Dictionary<string, int>();
        foreach (var person in people)
        {
            var status = await engine.Tiers.GetTierAsync(person.Id);
            tiers[status.Tier.Id] = tiers.GetValueOrDefault(status.Tier.Id) + 1;
        }
        Console.WriteLine("Tiers on 31 December: " + string.Join(", ", program.Tiers!.Tiers.Select(t => $"{t.Id} {tiers.GetValueOrDefault(t.Id):N0}")));

        var table = PurchaseTable.FromRecords(purchases, program.TimeZone);
        var retention = CohortRetention.Compute(table, new RetentionOptions { Days = [1, 7, 30], Definition = RetentionDefinition.Within, Grouping = CohortGrouping.Month });
        Console.WriteLine("Retention (a repeat purchase within N days of the first): " + string.Join(", ", retention.Days.Select((d, k) => $"D{d} {retention.Overall[k]?.Rate:P1}")));
        var repeat = PurchaseRates.Repeat(table);
        var cross = PurchaseRates.Cross(table);
        Console.WriteLine($"Repeat-purchase rate {repeat.Rate:P1} (median {repeat.DaysToSecondOrder?.Median:0} days to the second order); cross-purchase rate {cross.Rate:P1}");

        var rfm = RfmAnalysis.Compute(table, [.. amountsInEuro]);
        Console.WriteLine("RFM segments: " + string.Join(", ", rfm.Segments.Where(s => s.Value > 0).OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}")));
        Console.WriteLine("Most at risk among the best customers:");
        foreach (var c in rfm.Customers.Where(c => c.M >= 4).OrderByDescending(c => c.ChurnRisk).ThenByDescending(c => c.Monetary).Take(5))
        {
            Console.WriteLine($"  {table.CustomerIds!.Decode(c.Customer),-14} risk {c.ChurnRisk:0.00}  last order {c.RecencyDays} days ago, {c.Frequency} orders, {c.Monetary:0.00} EUR  ({c.Segment})");
        }

        // A cross-check the sample can fail on: the liability equals the sum of every member's balance.
        var sum = Points.Zero;
        foreach (var person in people)
        {
            var balance = await engine.GetBalanceAsync(person.Id);
            sum += balance.Available + balance.Debt + balance.Pending;
        }

        var consistent = sum.Value == liability.Outstanding;

        // Engagement on the year's ledger: December's leaderboard, the statement emails, and a win-back campaign.
        var december = new DateInterval(new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 31));
        var board = await engine.Reports.GetLeaderboardAsync(december);
        Console.WriteLine($"December leaderboard ({board.Count:N0} members earned): " + string.Join(", ", board.Top(3).Select(r => $"#{r.Rank} {r.MemberId} {r.Points}")));
        var digests = 0;
        var expiringSoon = 0;
        await foreach (var digest in engine.Reports.ScanDigestsAsync(december, Duration.FromDays(30)))
        {
            digests++;
            expiringSoon += digest.Expiring.Total.IsPositive ? 1 : 0;
        }

        Console.WriteLine($"Statement emails for December: {digests:N0} members ({expiringSoon:N0} with points expiring in the next 30 days)");
        var winBack = new WinBackRule { Id = "lapsed-regulars", Segments = ["At Risk", "Can't Lose Them"], MinDaysSinceLastPurchase = 60, BonusPoints = 150 };
        var signals = WinBackSignal.From(rfm, null, i => MemberId.From(table.CustomerIds!.Decode(i)));
        var dryRun = await engine.Jobs.RunWinBackAsync(winBack, signals, dryRun: true);
        Console.WriteLine($"Win-back dry run: {dryRun.Targets.Count:N0} of {dryRun.Evaluated:N0} customers targeted, e.g. {dryRun.Targets.FirstOrDefault()?.MemberId}: {string.Join("; ", dryRun.Targets.FirstOrDefault()?.Reasons ?? [])}");
        var applied = await engine.Jobs.RunWinBackAsync(winBack, signals, dryRun: false);
        var again = await engine.Jobs.RunWinBackAsync(winBack, signals, dryRun: false);
        Console.WriteLine($"Win-back run: {applied.Applied:N0} members got {winBack.BonusPoints} bonus points; a second run this month acts on {again.Applied}");

        Console.WriteLine($"The simulated year took {watch.Elapsed.TotalSeconds:0.0} s.");
        return consistent;
    }
}
