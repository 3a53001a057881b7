using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Tests.Shared;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

public sealed class SupervisedChurnTests
{
    private static readonly LocalDate Start = new(2026, 1, 1);

    private static readonly Gen<(double[] Values, bool[] Labels)> Rows =
        from n in Gen.Choose(2, 60)
        from width in Gen.Choose(1, 4)
        from values in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(v => v / 100.0), n * width)
        from labels in Gen.ArrayOf(Gen.Elements(true, false), n)
        select (values, labels);

    private static readonly Lazy<(PurchaseTable Table, decimal[] Amounts)> CdnowSample = new(() =>
    {
        var lines = File.ReadLines(SharedData.File("cdnow", "CDNOW_sample.txt")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var records = lines.Select(f => new PurchaseRecord(f[1], new LocalDate(int.Parse(f[2][..4], CultureInfo.InvariantCulture), int.Parse(f[2][4..6], CultureInfo.InvariantCulture), int.Parse(f[2][6..], CultureInfo.InvariantCulture)).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant())).ToArray();
        return (PurchaseTable.FromRecords(records, DateTimeZone.Utc), lines.Select(f => decimal.Parse(f[4], CultureInfo.InvariantCulture)).ToArray());
    });

    [Fact]
    public void Logistic_PredictionsAreProbabilities_AndDoNotDependOnRowOrder()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(Rows.ToArbitrary(), Gen.Elements(0.0, 0.1, 1.0, 10.0).ToArbitrary(), (rows, l2) =>
        {
            var width = rows.Values.Length / rows.Labels.Length;
            var model = LogisticRegression.Fit(rows.Values, width, rows.Labels, l2);
            var order = Enumerable.Range(0, rows.Labels.Length).Reverse().ToArray();
            var shuffled = order.SelectMany(i => rows.Values.Skip(i * width).Take(width)).ToArray();
            var again = LogisticRegression.Fit(shuffled, width, order.Select(i => rows.Labels[i]).ToArray(), l2);
            for (var i = 0; i < rows.Labels.Length; i++)
            {
                var features = rows.Values.AsSpan(i * width, width);
                var p = model.Predict(features);
                Assert.InRange(p, 0d, 1d);
                Assert.Equal(p, again.Predict(features)); // exactly: rows are fitted in a canonical order
            }
        }));
    }

    [Fact]
    public void Logistic_RecoversKnownWeights_AndTheL2PenaltyShrinksThem()
    {
        var random = new Random(3);
        const int n = 20_000;
        var values = new double[n * 2];
        var labels = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var (a, b) = (Normal(random), Normal(random));
            values[2 * i] = a;
            values[(2 * i) + 1] = b;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(0.5 + (1.5 * a) - (1.0 * b))));
        }

        var model = LogisticRegression.Fit(values, 2, labels, l2: 0);
        var scale = Enumerable.Range(0, n).Select(i => values[2 * i]).ToArray();
        var sd = Math.Sqrt(scale.Select(v => v * v).Average() - Math.Pow(scale.Average(), 2));
        Assert.Equal(1.5, model.Weights[0] / sd, 1); // weights are on standardised features
        Assert.InRange(model.Predict([0, 0]), 1 / (1 + Math.Exp(-0.5)) - 0.02, 1 / (1 + Math.Exp(-0.5)) + 0.02);
        var shrunk = LogisticRegression.Fit(values, 2, labels, l2: 20_000);
        Assert.True(Math.Abs(shrunk.Weights[0]) < Math.Abs(model.Weights[0]) && Math.Abs(shrunk.Weights[1]) < Math.Abs(model.Weights[1]));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit([1, double.NaN], 1, [true, false]));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit([1, 2, 3], 2, [true, false]));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit([1, 2], 1, [true, false], -1));
        Assert.Throws<ArgumentException>(() => model.Predict([1]));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(new double[2 * 2000], 2000, [true, false])); // more features than the fitter takes
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(new double[4], int.MaxValue, [true, false, true, false])); // rows × features past int
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Metrics_MatchReferences_AndWeightsEqualRepeatedRows()
    {
        var gen = from n in Gen.Choose(1, 40)
                  from scores in Gen.ArrayOf(Gen.Choose(0, 8).Select(v => v / 8.0), n)
                  from labels in Gen.ArrayOf(Gen.Elements(true, false), n)
                  from weights in Gen.ArrayOf(Gen.Choose(0, 3), n)
                  select (scores, labels, weights);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (scores, labels, weights) = t;
            // ROC AUC from its definition: over every (churner, stayer) pair, 1 when the churner scores higher, ½ on a tie.
            var auc = ChurnMetrics.RocAuc(scores, labels);
            var churners = Enumerable.Range(0, scores.Length).Where(i => labels[i]).ToArray();
            var stayers = Enumerable.Range(0, scores.Length).Where(i => !labels[i]).ToArray();
            var reference = churners.Length == 0 || stayers.Length == 0 ? double.NaN
                : churners.Sum(p => stayers.Sum(n => scores[p] > scores[n] ? 1.0 : scores[p] == scores[n] ? 0.5 : 0)) / (churners.Length * (double)stayers.Length);
            Assert.True(double.IsNaN(auc) ? double.IsNaN(reference) : Math.Abs(auc - reference) < 1e-12);
            var evaluatorAuc = ChurnEvaluator.Auc(scores.Zip(labels).ToArray());
            Assert.True(double.IsNaN(evaluatorAuc) ? double.IsNaN(reference) : Math.Abs(evaluatorAuc - reference) < 1e-12);

            // Average precision from its definition: at each distinct threshold, high to low, recall gained × precision.
            var positives = labels.Count(l => l);
            var ap = positives == 0 ? double.NaN : scores.Distinct().OrderDescending()
                .Sum(s => Enumerable.Range(0, scores.Length).Count(i => scores[i] == s && labels[i]) / (double)positives *
                          Enumerable.Range(0, scores.Length).Count(i => scores[i] >= s && labels[i]) / Enumerable.Range(0, scores.Length).Count(i => scores[i] >= s));
            var actual = ChurnMetrics.AveragePrecision(scores, labels);
            Assert.True(double.IsNaN(ap) ? double.IsNaN(actual) : Math.Abs(ap - actual) < 1e-12);

            // A weight of k is the row k times.
            var repeated = Enumerable.Range(0, scores.Length).SelectMany(i => Enumerable.Repeat(i, weights[i])).ToArray();
            if (repeated.Length > 0)
            {
                var (rs, rl) = (repeated.Select(i => scores[i]).ToArray(), repeated.Select(i => labels[i]).ToArray());
                Same(ChurnMetrics.RocAuc(rs, rl), ChurnMetrics.RocAuc(scores, labels, weights));
                Same(ChurnMetrics.AveragePrecision(rs, rl), ChurnMetrics.AveragePrecision(scores, labels, weights));
                Same(ChurnMetrics.Brier(rs, rl), ChurnMetrics.Brier(scores, labels, weights));
            }
        }));

        static void Same(double expected, double actual) => Assert.True(double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) < 1e-12, $"{expected} vs {actual}");
    }

    [Fact]
    public void Features_MatchAReference_AndSeeNothingAfterTheCutoff()
    {
        var gen = Gen.ArrayOf(from c in Gen.Choose(0, 12) from d in Gen.Choose(0, 400) from cents in Gen.Choose(1, 9_999) from k in Gen.Choose(-1, 5) select (c, d, cents, k));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(gen.ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(), (rows, cut) =>
        {
            var records = rows.Select(r => new PurchaseRecord($"c{r.c}", Start.PlusDays(r.d).At(new LocalTime(9, 0)).InUtc().ToInstant(), Category: r.k < 0 ? null : $"k{r.k}")).ToArray();
            var table = PurchaseTable.FromRecords(records, DateTimeZone.Utc);
            var amounts = rows.Select(r => r.cents / 100m).ToArray();
            var cutoff = Start.PlusDays(cut);
            var features = ChurnFeatures.Build(table, amounts, cutoff);
            var seen = Enumerable.Range(0, rows.Length).Where(i => rows[i].d <= cut).GroupBy(i => table.CustomerIds!.Encode($"c{rows[i].c}")).OrderBy(g => g.Key).ToArray();
            Assert.Equal(seen.Select(g => g.Key), features.Customers);
            var names = features.Names.ToList();
            for (var row = 0; row < seen.Length; row++)
            {
                var days = seen[row].Select(i => rows[i].d).Distinct().Order().ToArray();
                var f = features.Row(row);
                var gaps = days.Zip(days.Skip(1), (a, b) => (double)(b - a)).ToArray();
                var mean = gaps.Length == 0 ? 0 : gaps.Average();
                var spread = gaps.Length < 2 ? 0 : Math.Sqrt(gaps.Sum(g => (g - mean) * (g - mean)) / gaps.Length);
                Assert.Equal(Math.Log(1 + cut - days[^1]), f[names.IndexOf("log recency")], 12);
                Assert.Equal(Math.Log(days.Length), f[names.IndexOf("log frequency")], 12);
                Assert.Equal(Math.Log(1 + (double)seen[row].Sum(i => amounts[i])), f[names.IndexOf("log monetary")], 12);
                Assert.Equal(Math.Log(1 + cut - days[0]), f[names.IndexOf("log tenure")], 12);
                Assert.Equal(Math.Log(1 + mean), f[names.IndexOf("log mean gap")], 12);
                Assert.Equal(Math.Log(1 + spread), f[names.IndexOf("log gap spread")], 12);
                Assert.Equal(days.Count(d => d > cut - 90) - days.Count(d => d > cut - 180 && d <= cut - 90), f[names.IndexOf("90-day trend")]);
                Assert.Equal(days.Length == 1 ? 1 : 0, f[names.IndexOf("one-time buyer")]);
                Assert.Equal(table.Categories is not null, names.Contains("category breadth"));
                if (table.Categories is not null)
                {
                    Assert.Equal(seen[row].Where(i => rows[i].k >= 0).Select(i => rows[i].k).Distinct().Count(), f[names.IndexOf("category breadth")]);
                }
            }
        }));
    }

    [Fact]
    public void Evaluation_OnTheCdnowSample_BeatsPAlive_TrainsOnlyOnEarlierCutoffs_AndIgnoresLaterPurchases()
    {
        var (table, amounts) = CdnowSample.Value;
        var cutoff = new LocalDate(1998, 3, 31);
        var options = new SupervisedChurnOptions { Resamples = 200 };
        var evaluation = SupervisedChurn.Evaluate(table, amounts, cutoff, options);
        Assert.Equal([new LocalDate(1997, 7, 4), new LocalDate(1997, 10, 2), new LocalDate(1997, 12, 31)], evaluation.TrainingCutoffs);
        Assert.All(evaluation.TrainingCutoffs, c => Assert.True(c.PlusDays(90) <= cutoff, "a training label must be known by the cutoff"));
        Assert.Equal(2357, evaluation.Customers);
        Assert.Equal(["model", "recency", "rfm", "bgnbd", "mbgnbd"], evaluation.Scorers.Select(s => s.Name));
        var model = evaluation.Scorers[0];
        Assert.InRange(model.RocAuc, 0.75, 0.95); // 1 − P(alive) of BG/NBD is 0.32 on CDNOW
        Assert.InRange(model.Brier, 0, 0.2);
        foreach (var s in evaluation.Scorers.Skip(1))
        {
            Assert.InRange(s.RocAucDifference.Mean, s.RocAucDifference.Low, s.RocAucDifference.High);
            Assert.Equal(model.RocAuc - s.RocAuc, s.RocAucDifference.Mean, 12);
            Assert.Equal(s.Name is "bgnbd" or "mbgnbd", !double.IsNaN(s.Brier));
        }

        Assert.Equal(10, evaluation.Calibration.Count);
        Assert.Equal(2357, evaluation.Calibration.Sum(b => b.Customers));
        Assert.True(evaluation.Calibration[^1].Observed > evaluation.Calibration[0].Observed);
        Assert.Equal(1.0, evaluation.Calibration.Sum(b => b.Customers * b.Observed) / evaluation.Churned, 9);

        // Purchases after the horizon change nothing; the same inputs give the same figures.
        var end = PurchaseTable.DayNumber(cutoff.PlusDays(90));
        var extra = new PurchaseTable([.. table.Customers, 0, 1, 2], [.. table.Days, end + 1, end + 5, end + 30], table.CustomerCount);
        var again = SupervisedChurn.Evaluate(extra, [.. amounts, 10m, 20m, 30m], cutoff, options);
        Assert.Equal(evaluation.Scorers.Select(s => (s.Name, s.RocAuc, s.PrAuc, s.RocAucDifference)), again.Scorers.Select(s => (s.Name, s.RocAuc, s.PrAuc, s.RocAucDifference)));
        Assert.Equal(evaluation.Model.Weights, again.Model.Weights);

        Assert.Throws<ArgumentException>(() => SupervisedChurn.Evaluate(table, amounts, new LocalDate(1998, 5, 1), options)); // the horizon runs past the data
        Assert.Throws<ArgumentException>(() => SupervisedChurn.Evaluate(table, amounts, cutoff, options with { HorizonDays = 0 }));
        Assert.Throws<ArgumentException>(() => SupervisedChurn.Evaluate(table, amounts[..^1], cutoff, options)); // an amount short
        Assert.Throws<ArgumentException>(() => ChurnFeatures.Build(table, amounts, cutoff, new Returns.ReturnRecords([table.CustomerCount], null, [1m]) { Days = [PurchaseTable.DayNumber(cutoff)] }));
        Assert.Throws<ArgumentException>(() => ChurnMetrics.RocAuc([0.1, 0.2], [true]));
        Assert.Throws<ArgumentException>(() => ChurnMetrics.RocAuc([0.1, double.NaN], [true, false]));
        Assert.Throws<ArgumentException>(() => ChurnMetrics.Brier([0.1, 0.2], [true, false], [1, -1]));
    }
}
