using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Satisfaction;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class SatisfactionTests
{
    [Fact]
    public void Csat_HasItsWilsonInterval_AndNps_ItsAdjustedWaldInterval()
    {
        string?[] groups = ["a", "a"];
        var csat = SatisfactionAnalysis.ByGroup([.. Enumerable.Range(0, 100).Select(i => new Review(i % 2, -1, 0, i < 50 ? 5 : 2))], ReviewScale.OneToFive, groups)[^1];
        Assert.Equal((100L, 50L, 0L, 50L), (csat.Reviews, csat.Positive, csat.Neutral, csat.Negative));
        Assert.Equal(50.0, csat.Score!.Value, 9);
        Assert.Equal(40.383, csat.Low!.Value, 3); // Wilson, 50 of 100: [0.4038, 0.5962]
        Assert.Equal(59.617, csat.High!.Value, 3);

        // 60 promoters, 20 passives, 20 detractors: NPS +40; adjusted Wald (¾ + ¾, n + 3) gives [23.38, 54.29].
        var nps = SatisfactionAnalysis.ByGroup([.. Enumerable.Range(0, 100).Select(i => new Review(0, -1, 0, i < 60 ? 10 : i < 80 ? 7 : 3))], ReviewScale.ZeroToTen, groups)[^1];
        Assert.Equal((60L, 20L, 20L), (nps.Positive, nps.Neutral, nps.Negative));
        Assert.Equal(40.0, nps.Score!.Value, 9);
        Assert.Equal(23.38, nps.Low!.Value, 2);
        Assert.Equal(54.29, nps.High!.Value, 2);
    }

    [Fact]
    public void AScoreOutsideTheScale_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SatisfactionAnalysis.ByGroup([new Review(0, -1, 0, 0)], ReviewScale.OneToFive, ["a"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SatisfactionAnalysis.ByGroup([new Review(0, -1, 0, 11)], ReviewScale.ZeroToTen, ["a"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SatisfactionAnalysis.ByGroup([new Review(3, -1, 0, 5)], ReviewScale.OneToFive, ["a"]));
    }

    [Fact]
    public void ARepeatAfterAGoodFirstOrder_CountsUnderItsScore_AndUnobservableCustomersAreLeftOut()
    {
        // c0: orders on days 0 and 10, first rated 5. c1: one order on day 0, rated 1. c2: first order on day 95 (not observable at 30 days to day 100).
        var table = new PurchaseTable([0, 0, 1, 2], [0, 10, 0, 95], 3, [0, 1, 2, 3], 4);
        var rows = SatisfactionAnalysis.RepurchaseByFirstScore(table, [new Review(0, 0, 1, 5), new Review(1, -1, 2, 1), new Review(0, 1, 11, 1)], ReviewScale.OneToFive, withinDays: 30, asOf: PurchaseTable.DateOf(100));
        Assert.Equal([new FirstOrderScoreRow(1, 1, 0, 0, rows[0].Low, rows[0].High), new FirstOrderScoreRow(5, 1, 1, 1, rows[1].Low, rows[1].High), new FirstOrderScoreRow(null, 0, 0, null, null, null)], rows);
    }

    /// <summary>
    /// The laws: groups add up to the overall row; scores and bounds stay on their scale, CSAT inside its interval;
    /// nothing depends on the order of the reviews; every observable customer is in exactly one repurchase row.
    /// </summary>
    [Fact]
    public void Laws()
    {
        var scenario = from purchases in Gen.ArrayOf(from c in Gen.Choose(0, 5) from d in Gen.Choose(0, 200) select (c, d)).Where(p => p.Length > 0)
                       from reviews in Gen.ArrayOf(from c in Gen.Choose(0, 5) from d in Gen.Choose(0, 200) from s in Gen.Choose(0, 10) select (c, d, s))
                       from tenPoint in ArbMap.Default.GeneratorFor<bool>()
                       from within in Gen.Choose(1, 60)
                       select (purchases, reviews, tenPoint, within);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var table = PurchaseTable.FromRecords(s.purchases.Select(p => new PurchaseRecord($"c{p.c}", NodaTime.Instant.FromUnixTimeSeconds(p.d * 86_400L))), NodaTime.DateTimeZone.Utc);
            var scale = s.tenPoint ? ReviewScale.ZeroToTen : ReviewScale.OneToFive;
            var reviews = s.reviews.Where(r => table.CustomerIds!.TryGetIndex($"c{r.c}", out _))
                .Select(r => new Review(Index(table, r.c), -1, PurchaseTable.DayNumber(new NodaTime.LocalDate(1970, 1, 1).PlusDays(r.d)), s.tenPoint ? r.s : 1 + (r.s % 5))).ToArray();
            var groups = Enumerable.Range(0, table.CustomerCount).Select(c => c % 3 == 0 ? null : $"g{c % 2}").ToArray();
            var rows = SatisfactionAnalysis.ByGroup(reviews, scale, groups);
            var overall = rows[^1];
            Assert.Equal(reviews.Length, overall.Reviews);
            Assert.True(rows.SkipLast(1).Sum(r => r.Reviews) <= overall.Reviews);
            Assert.All(rows, r =>
            {
                Assert.Equal(r.Reviews, r.Positive + r.Neutral + r.Negative);
                if (r.Score is { } score)
                {
                    var (min, max) = scale == ReviewScale.OneToFive ? (0.0, 100.0) : (-100.0, 100.0);
                    Assert.InRange(score, min, max);
                    Assert.True(min <= r.Low && r.Low <= r.High && r.High <= max);
                    Assert.True(scale == ReviewScale.ZeroToTen || (r.Low <= score + 1e-9 && score <= r.High + 1e-9));
                }
            });
            Assert.Equal(rows, SatisfactionAnalysis.ByGroup([.. reviews.Reverse()], scale, groups));

            var end = table.Days.Max();
            var repurchase = SatisfactionAnalysis.RepurchaseByFirstScore(table, reviews, scale, s.within);
            var observable = Enumerable.Range(0, table.CustomerCount).Count(c => Enumerable.Range(0, table.Count).Where(i => table.Customers[i] == c).Min(i => table.Days[i]) + s.within <= end);
            Assert.Equal(observable, repurchase.Sum(r => r.Customers));
            Assert.All(repurchase, r => Assert.True(r.Repurchased <= r.Customers && r.Rate is null == (r.Customers == 0)));
            Assert.Equal(repurchase, SatisfactionAnalysis.RepurchaseByFirstScore(table, [.. reviews.Reverse()], scale, s.within));
        }));
    }

    private static int Index(PurchaseTable table, int customer) => table.CustomerIds!.TryGetIndex($"c{customer}", out var index) ? index : -1;
}
