using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using NodaTime;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class ChurnLawsTests
{
    private static readonly LocalDate Start = new(2026, 1, 1);

    private static readonly Gen<(int Customer, int Day, int Order, int Cents)[]> Purchases =
        Gen.ArrayOf(
            from customer in Gen.Choose(0, 30)
            from day in Gen.Choose(0, 120)
            from order in Gen.Choose(-1, 40)
            from cents in Gen.Choose(0, 5_000)
            select (customer, day, order, cents));

    private static (PurchaseTable Table, decimal[] Amounts, PurchaseRecord[] Records) Build(IEnumerable<(int Customer, int Day, int Order, int Cents)> rows)
    {
        var list = rows.ToArray();
        var records = list.Select(r => new PurchaseRecord($"c{r.Customer}", Start.PlusDays(r.Day).At(new LocalTime(12, 0)).InUtc().ToInstant(), r.Order < 0 ? null : $"o{r.Order}")).ToArray();
        // Most amounts have cents (the fast exact path); every seventh has five decimals (the decimal path).
        return (PurchaseTable.FromRecords(records, DateTimeZone.Utc), list.Select(r => r.Cents / (r.Cents % 7 == 0 ? 100_000m : 100m)).ToArray(), records);
    }

    [Fact]
    public void Rfm_ScoresAreInRange_TiesScoreEqually_AndMatchTheRankRule()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Purchases.ToArbitrary(), Gen.Choose(2, 9).ToArbitrary(), (rows, bins) =>
        {
            var (table, amounts, _) = Build(rows);
            var report = RfmAnalysis.Compute(table, amounts, new RfmOptions { Bins = bins });
            var customers = report.Customers;
            var n = customers.Count;
            foreach (var c in customers)
            {
                Assert.InRange(c.R, 1, bins);
                Assert.InRange(c.F, 1, bins);
                Assert.InRange(c.M, 1, bins);
                Assert.InRange(c.ChurnRisk, 0d, 1d);

                // Independently: 1 + ⌊bins · #(strictly worse) / n⌋.
                Assert.Equal(1 + (bins * customers.Count(o => o.RecencyDays > c.RecencyDays) / n), c.R);
                Assert.Equal(1 + (bins * customers.Count(o => o.Frequency < c.Frequency) / n), c.F);
                Assert.Equal(1 + (bins * customers.Count(o => o.Monetary < c.Monetary) / n), c.M);
            }

            // Equal inputs, equal scores; scores never fall as the value improves.
            Assert.All(customers.GroupBy(c => c.RecencyDays), g => Assert.Single(g.Select(c => c.R).Distinct()));
            Assert.All(customers.GroupBy(c => c.Monetary), g => Assert.Single(g.Select(c => c.M).Distinct()));
            Assert.All(customers, c => Assert.All(customers.Where(o => o.Frequency > c.Frequency), o => Assert.True(o.F >= c.F)));
            Assert.All(customers.Where(c => c.R == bins && c.F == bins && c.M == bins), c => Assert.Equal(0d, c.ChurnRisk));
            Assert.All(customers.Where(c => c.R == 1 && c.F == 1 && c.M == 1), c => Assert.Equal(1d, c.ChurnRisk));
            if (n > 0)
            {
                Assert.Equal(1, customers.Min(c => c.F));
                Assert.Equal(n, report.Segments.Values.Sum());
            }
        }));
    }

    [Fact]
    public void Summaries_AreInvariantToRecordOrder()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(Purchases.ToArbitrary(), rows =>
        {
            var (table, _, records) = Build(rows);
            var shuffled = PurchaseTable.FromRecords(records.Reverse().OrderBy(r => r.At.ToUnixTimeTicks() % 5), DateTimeZone.Utc);
            string Describe(PurchaseTable t) => string.Join(";", CustomerSummaries.Build(t, Start.PlusDays(90))
                .Select(s => (Id: t.CustomerIds!.Decode(s.Customer), s.Frequency, s.Recency, s.T)).OrderBy(s => s.Id, StringComparer.Ordinal));
            Assert.Equal(Describe(table), Describe(shuffled));
        }));
    }

    private static readonly Gen<BgNbdParameters> Parameters =
        from r in Gen.Choose(1, 300) from alpha in Gen.Choose(1, 300) from a in Gen.Choose(1, 300) from b in Gen.Choose(1, 300)
        select new BgNbdParameters(r / 100.0, alpha / 10.0, a / 100.0, b / 50.0);

    [Fact]
    public void PAlive_IsAProbability_OneWithoutRepeats_AndNonIncreasingInT()
    {
        var histories =
            from x in Gen.Choose(0, 60)
            from tx in Gen.Choose(0, 500)
            from extra in Gen.Choose(0, 500)
            from more in Gen.Choose(1, 500)
            select (x, tx: tx / 10.0, t: (tx + extra) / 10.0, later: (tx + extra + more) / 10.0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), Prop.ForAll(Parameters.ToArbitrary(), histories.ToArbitrary(), (p, h) =>
        {
            var model = new BgNbdModel(p);
            var now = model.ProbabilityAlive(h.x, h.x == 0 ? 0 : h.tx, h.t);
            var later = model.ProbabilityAlive(h.x, h.x == 0 ? 0 : h.tx, h.later);
            Assert.InRange(now, 0d, 1d);
            Assert.True(later <= now + 1e-15, $"P(alive) rose from {now} to {later} as T grew");
            if (h.x == 0)
            {
                Assert.Equal(1d, now);
            }
        }));
    }

    [Fact]
    public void Fit_IsAtLeastAsLikelyAsAnyNearbyParameters()
    {
        var summary = File.ReadLines(SharedData.File("cdnow", "cdnow_customers_summary.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => new CustomerSummary(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToArray();
        var fit = BgNbdModel.Fit(summary);
        double Ll(BgNbdParameters p) => summary.Sum(s => BgNbdModel.CustomerLogLikelihood(p, s.Frequency, s.Recency, s.T));
        Assert.Equal(fit.LogLikelihood, Ll(fit.Parameters), 1e-6);
        var nudges = from i in Gen.Choose(-1000, 1000) from j in Gen.Choose(-1000, 1000) from k in Gen.Choose(-1000, 1000) from l in Gen.Choose(-1000, 1000) select (i, j, k, l);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithQuietOnSuccess(true), Prop.ForAll(nudges.ToArbitrary(), n =>
        {
            var p = fit.Parameters;
            var near = new BgNbdParameters(p.R * (1 + (n.i / 20_000.0)), p.Alpha * (1 + (n.j / 20_000.0)), p.A * (1 + (n.k / 20_000.0)), p.B * (1 + (n.l / 20_000.0)));
            Assert.True(Ll(near) <= fit.LogLikelihood + 1e-7, $"{near} is more likely than the fit");
        }));
    }

    [Fact]
    public void SegmentMap_TheStandardMapIsAPartition_AndTheOftenCopiedElevenSegmentListIsRejected()
    {
        var map = RfmSegmentMap.Standard;
        Assert.Equal(10, map.Rules.Count);
        var cells = Enumerable.Range(1, 5).SelectMany(r => Enumerable.Range(1, 5).Select(f => map.SegmentOf(r, f, 5))).ToArray();
        Assert.Equal(25, cells.Length);
        Assert.Equal(map.Rules.Select(r => r.Name).Order(), cells.Distinct().Order()); // every segment reachable
        Assert.Equal("Champions", map.SegmentOf(5, 5, 5));
        Assert.Equal("Hibernating", map.SegmentOf(1, 1, 5));
        Assert.Equal("Can't Lose Them", map.SegmentOf(1, 5, 5));
        Assert.Equal("Champions", map.SegmentOf(10, 10, 10)); // other bins are rescaled

        // The widely copied range list: overlapping rectangles, some cells in several segments, some in none.
        var copied = new[]
        {
            new RfmSegmentRule("Champions", 4, 5, 4, 5),
            new RfmSegmentRule("Loyal Customers", 2, 5, 3, 5),
            new RfmSegmentRule("Potential Loyalist", 3, 5, 1, 3),
            new RfmSegmentRule("Recent Customers", 4, 5, 1, 1),
            new RfmSegmentRule("Promising", 3, 4, 1, 1),
            new RfmSegmentRule("Customers Needing Attention", 2, 3, 2, 3),
            new RfmSegmentRule("About To Sleep", 2, 3, 1, 2),
            new RfmSegmentRule("At Risk", 1, 2, 2, 5),
            new RfmSegmentRule("Can't Lose Them", 1, 1, 4, 5),
            new RfmSegmentRule("Hibernating", 1, 2, 1, 2),
            new RfmSegmentRule("Lost", 1, 2, 1, 2),
        };
        var error = Assert.Throws<ArgumentException>(() => new RfmSegmentMap(copied));
        Assert.Contains("R=5 F=5 is in 2 segments: 'Champions', 'Loyal Customers'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Lost' is unreachable", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new RfmSegmentMap([new RfmSegmentRule("All", 1, 5, 1, 4)]));
    }

    [Fact]
    public void Auc_RanksWithTiesAtHalf()
    {
        Assert.Equal(1.0, ChurnEvaluator.Auc([(0.9, true), (0.1, false)]));
        Assert.Equal(0.0, ChurnEvaluator.Auc([(0.1, true), (0.9, false)]));
        Assert.Equal(0.5, ChurnEvaluator.Auc([(0.5, true), (0.5, false)]));
        Assert.Equal(0.75, ChurnEvaluator.Auc([(0.8, true), (0.4, true), (0.5, false), (0.1, false)]));
        Assert.True(double.IsNaN(ChurnEvaluator.Auc([(0.8, true)])));
    }

    [Fact]
    public void Evaluation_OnCdnow_CalibrationToSeptember1997_HoldoutToJune1998()
    {
        var lines = File.ReadLines(SharedData.File("cdnow", "CDNOW_master.txt")).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var records = lines.Select(f => new PurchaseRecord(f[0], new LocalDate(int.Parse(f[1][..4], CultureInfo.InvariantCulture), int.Parse(f[1][4..6], CultureInfo.InvariantCulture), int.Parse(f[1][6..], CultureInfo.InvariantCulture)).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant())).ToArray();
        var amounts = lines.Select(f => decimal.Parse(f[3], CultureInfo.InvariantCulture)).ToArray();
        var table = PurchaseTable.FromRecords(records, DateTimeZone.Utc);
        var evaluation = ChurnEvaluator.Evaluate(table, amounts, new LocalDate(1997, 9, 30), new LocalDate(1998, 6, 30));

        Assert.Equal(23570, evaluation.Customers);
        Assert.InRange(evaluation.Churned, 15_000, 20_000);
        Assert.InRange(evaluation.AucRfm, 0.6, 0.95);
        Assert.InRange(evaluation.AucExpectedPurchases, 0.6, 0.95);

        // One-time buyers have P(alive) = 1 by definition, and on CDNOW most never return: 1 − P(alive) ranks worse than chance.
        Assert.InRange(evaluation.AucPAlive, 0.2, 0.5);
        Assert.Equal(10, evaluation.Deciles.Count);
        Assert.True(evaluation.Deciles[^1].ActualPurchases > 3 * evaluation.Deciles[0].ActualPurchases, "the top decile buys far more than the bottom");
        Assert.Equal(evaluation.Deciles.Sum(d => d.Customers), evaluation.Customers);
        var summaries = CustomerSummaries.Build(table, new LocalDate(1997, 9, 30));
        Assert.Equal(evaluation.Model.Parameters, BgNbdModel.Fit(summaries).Parameters);
    }
}
