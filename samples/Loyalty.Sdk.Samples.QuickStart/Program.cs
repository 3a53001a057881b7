// Loyalty.Sdk quick start: a small cross-border shop runs its points ledger end to end on the embedded default
// store, a SQLite file (no server). Run it with:  dotnet run --project samples/Loyalty.Sdk.Samples.QuickStart [db-path]
using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Samples.QuickStart;
using Loyalty.Sdk.Storage.Sqlite;
using NodaTime;

var program = new LoyaltyProgramBuilder
{
    Id = "eu-shop",
    BaseCurrency = "EUR",
    TimeZoneId = "Europe/Berlin",
    PointsPerCurrencyUnit = 1m,               // 1 point per euro, rounded down per order line
    PendingDays = 14,                        // the return window: points are pending for 14 days
    Expiry = ExpiryPolicy.AfterMonths(12, ExpiryRounding.EndOfMonth),
    ReversalPolicy = ReversalPolicy.Debt,    // returns of spent points become a debt netted against later earnings
    MinimumRedemptionPoints = 50,
    ExchangeRates = new FixedExchangeRateProvider([
        (CurrencyCode.Usd, CurrencyCode.Eur, 0.92m),
        (CurrencyCode.Parse("CNY"), CurrencyCode.Eur, 0.128m),
    ]),
    Engagement = new EngagementRules
    {
        Rewards =
        [
            new Reward { Id = "mug", Name = "Shop mug", Kind = RewardKind.PhysicalItem, Points = 60, TracksStock = true, MaxPerMember = 1 },
            new Reward { Id = "five-off", Name = "5 EUR voucher", Kind = RewardKind.Coupon, Points = 30, VoucherValidity = Period.FromDays(30) },
        ],
        Tasks = [new EngagementTask { Id = "three-reviews", Action = "review", Count = 3, Period = Loyalty.Sdk.Rules.CapPeriod.Month, Points = 40 }],
        Celebrations = [new CelebrationRule { Kind = CelebrationKind.Birthday, Points = 20 }],
    },
}.Build();

// A fresh database each run, so the simulated year always starts from nothing.
var path = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "loyalty-quickstart.db");
foreach (var file in new[] { path, path + "-wal", path + "-shm" })
{
    File.Delete(file);
}

using var store = SqliteLedgerStore.Open(path);
var clock = new SimulatedClock(Instant.FromUtc(2026, 1, 10, 9, 0));
var engine = new LoyaltyEngine(program, store, clock);
var ana = MemberId.From("ana@example.com");
var li = MemberId.From("li.wei@example.cn");

Console.WriteLine($"Program {program.Id}: {program.BaseCurrency}, {program.TimeZone.Id}, expiry {program.Expiry}, pending {program.PendingDays} days");
Console.WriteLine($"Ledger: SQLite file {path} (schema v{store.SchemaVersion}, WAL)");
Console.WriteLine();

// 1. Orders in three currencies earn points in euros.
await Run("Ana's order in EUR", new EarnCommand(ana, Key("order:1001:earn"), "1001", clock.Now, [
    new PurchaseLine("1", "BOOK-42", "books", 2, Money.Of(24.90m, "EUR")),
    new PurchaseLine("2", "MUG-7", "home", 1, Money.Of(12.50m, "EUR")),
]));
await Run("Li's order in CNY", new EarnCommand(li, Key("order:1002:earn"), "1002", clock.Now, [
    new PurchaseLine("1", "TEA-3", "food", 4, Money.Of(188m, "CNY")),
]));
await Run("Ana's order in USD", new EarnCommand(ana, Key("order:1003:earn"), "1003", clock.Now, [
    new PurchaseLine("1", "HEADPHONES", "audio", 1, Money.Of(149.00m, "USD")),
]));
await Run("A retried webhook (same key and payload)", new EarnCommand(ana, Key("order:1001:earn"), "1001", clock.Now, [
    new PurchaseLine("1", "BOOK-42", "books", 2, Money.Of(24.90m, "EUR")),
    new PurchaseLine("2", "MUG-7", "home", 1, Money.Of(12.50m, "EUR")),
]));
await Run("Ana redeems while her points are pending", new RedeemCommand(ana, Key("order:1004:redeem"), Points.FromInt64(100), "1004"));

// 2. The return window passes; Ana returns one book and redeems.
clock.Advance(Duration.FromDays(15));
await Run("Ana returns one of the two books", new ReverseEarnCommand(ana, Key("return:9001"), "1001", [new ReturnedLine("1", 1)]));
await Run("A review earns a fixed bonus", new EarnActivityCommand(ana, Key("review:77"), "review", Points.FromInt64(25)));
var preview = await engine.PreviewAsync(new RedeemCommand(ana, Key("order:1005:redeem"), Points.FromInt64(150), "1005"));
Console.WriteLine($"{"Preview of a 150-point redemption",-46} {preview.Outcome}, balance after would be {preview.Balance.Available}");
await Run("Ana redeems 150 points at checkout", new RedeemCommand(ana, Key("order:1005:redeem"), Points.FromInt64(150), "1005"));
await Run("Order 1005 is cancelled: refund 100 points", new RefundRedemptionCommand(ana, Key("refund:1005"), Key("order:1005:redeem"), Points.FromInt64(100)));
await Run("Li tries to redeem below the minimum", new RedeemCommand(li, Key("order:1006:redeem"), Points.FromInt64(20), "1006"));

// 3. Rewards and engagement: a stocked mug, a coupon with a voucher, a task, a birthday.
Console.WriteLine();
await engine.Rewards.AddStockAsync("mug", 1);
await Run("Ana redeems the mug (1 in stock)", new RedeemRewardCommand(ana, Key("reward:mug:ana"), "mug"));
await Run("Li wants the mug too", new RedeemRewardCommand(li, Key("reward:mug:li"), "mug"));
await Run("The mug ships", new FulfilRewardCommand(ana, Key("ship:mug:ana"), Key("reward:mug:ana")));
await Run("Li redeems a 5 EUR voucher", new RedeemRewardCommand(li, Key("reward:five-off:li"), "five-off"));
var voucher = (await engine.Rewards.GetClaimsAsync(li)).Single(c => c.RewardId == "five-off").VoucherCode!;
await Run($"Li pays with voucher {voucher}", new UseVoucherCommand(li, Key("order:1007:voucher"), voucher));
await Run("...and tries to use it again", new UseVoucherCommand(li, Key("order:1008:voucher"), voucher));
await Run("Two more reviews complete a task", new EarnActivityCommand(ana, Key("review:78"), "review", Points.FromInt64(25)));
await Run(string.Empty, new EarnActivityCommand(ana, Key("review:79"), "review", Points.FromInt64(25)));
var birthday = clock.Now.InZone(program.TimeZone).Date.PlusDays(3);
await Run("Ana's birthday is 3 days from now", new SetProfileCommand(ana, Key("profile:ana"), new AnnualDate(birthday.Month, birthday.Day), "Europe/Madrid"));
clock.Advance(Duration.FromDays(3));
Console.WriteLine($"{"The daily job: birthday rewards",-46} {await engine.Jobs.RunCelebrationsAsync()} granted (again: {await engine.Jobs.RunCelebrationsAsync()})");

// 4. A year later: reminders, then the nightly expiry job.
clock.Advance(Duration.FromDays(330));
var expiring = await engine.Reports.ScanExpiringAsync(clock.Now, clock.Now + Duration.FromDays(60)).ToListAsync();
Console.WriteLine();
Console.WriteLine("Reminders: points expiring in the next 60 days");
foreach (var e in expiring)
{
    Console.WriteLine($"  {e.MemberId,-20} {e.Total,6} points, first lot expires {e.Lots[0].ExpiresAt.InZone(program.TimeZone).Date:uuuu-MM-dd}");
}

clock.Advance(Duration.FromDays(60));
var run = await engine.Jobs.RunExpiryAsync();
Console.WriteLine($"Expiry job: {run.AccountsScanned} account(s), {run.EntriesWritten} entr(ies), {run.PointsExpired} points expired");

// 5. Ana's statement for the whole period.
var statement = await engine.Reports.GetStatementAsync(ana, Instant.FromUtc(2026, 1, 1, 0, 0), clock.Now);
Console.WriteLine();
Console.WriteLine($"Statement for {ana}: opening {statement.Opening.Total}, closing {statement.Closing.Total}");
foreach (var line in statement.Lines)
{
    var what = line.Entry?.OrderId ?? line.Entry?.ActivityType ?? line.Entry?.RedemptionKey?.Value ?? string.Empty;
    Console.WriteLine($"  {line.At.InZone(program.TimeZone).Date:uuuu-MM-dd}  {line.Kind,-16} {line.Amount,6}  {what}");
}

var total = statement.Opening.Total.Value + statement.Lines.Sum(l => l.Amount.Value);
Console.WriteLine(total == statement.Closing.Total.Value ? "Statement balances: opening + lines = closing." : "STATEMENT DOES NOT BALANCE");

// 6. Every committed command wrote its events to the outbox in the same transaction; a host reads them at least once.
var events = await engine.Events.ReadEventsAsync(EventCursor.Start, 1_000);
Console.WriteLine();
Console.WriteLine($"Outbox: {events.Count} events: {string.Join(", ", events.GroupBy(e => e.Event.Type).Select(g => $"{g.Count()} {g.Key}"))}");
var delivered = await engine.Events.DeliverEventsAsync("quickstart", (e, _) => ValueTask.CompletedTask);
Console.WriteLine($"A consumer caught up on {delivered} events; delivering again finds {await engine.Events.DeliverEventsAsync("quickstart", (e, _) => ValueTask.CompletedTask)}.");

// 7. The same engine at scale: a simulated year of a few thousand members, then the reports.
var consistent = await YearSimulation.RunAsync(Path.ChangeExtension(path, ".year.db"));
Console.WriteLine(consistent ? "Liability equals the sum of all balances." : "LIABILITY DOES NOT MATCH THE BALANCES");
return total == statement.Closing.Total.Value && consistent ? 0 : 1;

async Task Run(string what, LedgerCommand command)
{
    var result = await engine.ExecuteAsync(command);
    var detail = result.Rejection is { } r
        ? $"rejected: {r.Reason}"
        : $"{result.Outcome,-9} {string.Join(" ", result.Entries.Select(e => $"{e.Kind} {e.Amount}"))}";
    Console.WriteLine($"{what,-46} {detail}");
    Console.WriteLine($"{string.Empty,-46} balance: total {result.Balance.Total}, available {result.Balance.Available}, pending {result.Balance.Pending}, debt {result.Balance.Debt}");
}

static IdempotencyKey Key(string value) => IdempotencyKey.From(value);
