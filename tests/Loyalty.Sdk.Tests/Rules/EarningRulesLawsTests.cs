using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Currencies;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Rules;

/// <summary>Laws of earning: line order does not matter, converting first equals converting in the engine, caps hold.</summary>
public sealed class EarningRulesLawsTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    private static readonly string[] Categories = ["books", "music", "shipping", "toys"];

    private static readonly Gen<(int Units, int Cents, int Category, int Sku)[]> Lines =
        Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(
            from units in Gen.Choose(1, 5)
            from cents in Gen.Choose(1, 30_000)
            from category in Gen.Choose(0, Categories.Length - 1)
            from sku in Gen.Choose(0, 3)
            select (units, cents, category, sku), n));

    // Lines drawn from a few shapes: equal lines give equal remainders, so cap allocation ties are common.
    private static readonly Gen<(int Units, int Cents, int Category, int Sku)[]> TiedLines =
        Gen.Choose(2, 7).SelectMany(n => Gen.ArrayOf(Gen.Elements((1, 1000, 0, 0), (1, 1999, 1, 2), (2, 333, 3, 3)), n));

    private static readonly Gen<EarningRules> Rules =
        from cap in Gen.Elements<long?>(null, 50, 137, 1_000)
        from stacking in Gen.Elements(CampaignStacking.BestOf, CampaignStacking.Multiply)
        from minimum in Gen.Elements(0m, 20m)
        select new EarningRules(
            excludedCategories: ["shipping"],
            categoryMultipliers: new Dictionary<string, decimal> { ["books"] = 2m, ["music"] = 1.25m },
            skuMultipliers: new Dictionary<string, decimal> { ["sku-1"] = 3m },
            campaigns: [new Campaign("double", 2m), new Campaign("toys", 1.5m, categories: ["toys"])],
            stacking: stacking,
            minimumOrderAmount: minimum,
            maxPointsPerOrder: cap is { } c ? P(c) : null);

    [Fact]
    public void PointsPerLine_DoNotDependOnTheOrderOfTheLines() =>
        Check.One(Config, Prop.ForAll(Gen.OneOf(Lines, TiedLines).ToArbitrary(), Rules.ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (lines, rules, seed) =>
        {
            var order = ToLines(lines, "EUR", 1m);
            var random = new System.Random(seed);
            var shuffled = order.OrderBy(_ => random.Next()).ToArray();
            Assert.Equal(order.Select(l => l.LineId).Order(), shuffled.Select(l => l.LineId).Order());
            var a = Earn(rules, order).Lines.ToDictionary(l => l.LineId, l => l.Points);
            var b = Earn(rules, shuffled).Lines.ToDictionary(l => l.LineId, l => l.Points);
            Assert.Equal(a.OrderBy(kv => kv.Key), b.OrderBy(kv => kv.Key));
        }));

    [Fact]
    public void EarningInAForeignCurrency_EqualsEarningWithPricesConvertedFirst() =>
        Check.One(Config, Prop.ForAll(Lines.ToArbitrary(), Rules.ToArbitrary(), Gen.Elements(0.9m, 1.0834m, 0.128m, 7.25m).ToArbitrary(), (lines, rules, rate) =>
        {
            var inUsd = Earn(rules, ToLines(lines, "USD", 1m), rate);
            var converted = Earn(rules, ToLines(lines, "EUR", rate));
            Assert.Equal(converted.Lines.Select(l => l.Points), inUsd.Lines.Select(l => l.Points));
            Assert.Equal(converted.TotalPoints, inUsd.TotalPoints);
        }));

    [Fact]
    public void OrderCap_IsNeverExceeded_AndTheLinesAddUpToTheTotal() =>
        Check.One(Config, Prop.ForAll(Lines.ToArbitrary(), Rules.ToArbitrary(), (lines, rules) =>
        {
            var accrual = Earn(rules, ToLines(lines, "EUR", 1m));
            var uncapped = Earn(new EarningRules(rules.ExcludedCategories, rules.CategoryMultipliers, rules.SkuMultipliers, rules.Campaigns, rules.Stacking, rules.MinimumOrderAmount), ToLines(lines, "EUR", 1m));
            Assert.Equal(accrual.TotalPoints.Value, accrual.Lines.Sum(l => l.Points.Value));
            Assert.True(rules.MaxPointsPerOrder is not { } cap || accrual.TotalPoints <= cap);
            Assert.Equal(
                rules.MaxPointsPerOrder is { } c ? System.Math.Min(c.Value, uncapped.TotalPoints.Value) : uncapped.TotalPoints.Value,
                accrual.TotalPoints.Value);
            Assert.All(accrual.Lines.Zip(uncapped.Lines), pair => Assert.True(pair.First.Points <= pair.Second.Points));
        }));

    private static PurchaseLine[] ToLines((int Units, int Cents, int Category, int Sku)[] lines, string currency, decimal factor) =>
        lines.Select((l, i) => new PurchaseLine($"L{i}", $"sku-{l.Sku}", Categories[l.Category], l.Units, Money.Of(l.Cents / 100m * factor, currency))).ToArray();

    private static OrderAccrual Earn(EarningRules rules, PurchaseLine[] lines, decimal usdRate = 1m)
    {
        var program = Program(b =>
        {
            b.Earning = rules;
            b.ExchangeRates = new FixedExchangeRateProvider([(CurrencyCode.Usd, CurrencyCode.Eur, usdRate)]);
        });
        var engine = new LoyaltyEngine(program, new InMemoryLedgerStore(), new FakeClock(Start));
        var command = new EarnCommand(Member(), Key("k"), "o", Start, lines);
        engine.ExecuteAsync(command).AsTask().GetAwaiter().GetResult();
        return engine.Reports.GetAccrualAsync(Member(), "o").AsTask().GetAwaiter().GetResult()!;
    }
}
