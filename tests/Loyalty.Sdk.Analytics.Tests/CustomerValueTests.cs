using System;
using System.Globalization;
using System.IO;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Value;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

/// <summary>Pareto/NBD and Gamma-Gamma against every figure of theirs in ../shared/data/cdnow/README.md, within its tolerance.</summary>
public sealed class CustomerValueTests
{
    private static readonly Lazy<(CustomerSummary Summary, SpendSummary Spend)[]> Cdnow = new(() => File.ReadLines(SharedData.File("cdnow", "cdnow_customers_summary_with_transactions.csv")).Skip(1)
        .Select(l => l.Split(','))
        .Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture)))
        .Select(c => (new CustomerSummary(c.Item1, c.Item2, c.Item3, c.Item4), new SpendSummary(c.Item1, c.Item2, c.Item5)))
        .ToArray());

    [Fact]
    public void ParetoNbd_Fit_ReproducesThePaperAndTheOptimum()
    {
        var model = ParetoNbdModel.Fit([.. Cdnow.Value.Select(c => c.Summary)]);
        var p = model.Parameters;
        Assert.Equal(0.553, p.R, 0.0005);
        Assert.Equal(10.578, p.Alpha, 0.002);
        Assert.Equal(0.606, p.S, 0.0005);
        Assert.Equal(11.669, p.Beta, 0.002);
        Assert.Equal(0.553276, p.R, 2e-3);
        Assert.Equal(10.5776, p.Alpha, 2e-3);
        Assert.Equal(0.606214, p.S, 2e-3);
        Assert.Equal(11.6679, p.Beta, 2e-3);
        Assert.Equal(-9594.974, model.LogLikelihood, 0.01);
    }

    [Fact]
    public void ParetoNbd_PAliveAndExpectedPurchases_MatchBtyd()
    {
        var model = new ParetoNbdModel(new ParetoNbdParameters(0.5534, 10.5802, 0.6061, 11.6562));
        Assert.Equal(0.99792, model.ProbabilityAlive(26, 30.86, 31), 0.001);
        Assert.Equal(25.455, model.ExpectedPurchases(52, 26, 30.86, 31), 0.01);
        Assert.Equal(1.0, model.ProbabilityAlive(0, 0, 0), 9); // just arrived
        Assert.True(model.ProbabilityAlive(0, 0, 50) < model.ProbabilityAlive(0, 0, 5), "a one-time buyer fades with time");
    }

    [Fact]
    public void GammaGamma_Fit_ReproducesTheNoteAndTheSpreadsheet()
    {
        var model = GammaGammaModel.Fit([.. Cdnow.Value.Select(c => c.Spend)]);
        var p = model.Parameters;
        Assert.Equal(946, Cdnow.Value.Count(c => c.Spend.Frequency > 0));
        Assert.Equal(6.24880, p.P, 0.005);
        Assert.Equal(3.74459, p.Q, 0.005);
        Assert.Equal(15.4477, p.V, 0.005);
        Assert.Equal(-4055.9232, model.LogLikelihood, 0.01);
        double[] expected = [24.66, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
        for (var i = 0; i < 10; i++)
        {
            var spend = Cdnow.Value[i].Spend;
            Assert.Equal(expected[i], model.ExpectedSpend(spend.Frequency, spend.MeanSpend), 0.01);
        }
    }

    [Fact]
    public void Fits_RefuseDegenerateData_WithATypedError()
    {
        Assert.Throws<ModelFitException>(() => ParetoNbdModel.Fit([new CustomerSummary(0, 0, 0, 10)]));
        Assert.Throws<ModelFitException>(() => ParetoNbdModel.Fit([new CustomerSummary(0, 2, 11, 10)]));
        Assert.Throws<ModelFitException>(() => GammaGammaModel.Fit([new SpendSummary(0, 0, 0)]));
        Assert.Throws<ModelFitException>(() => GammaGammaModel.Fit([new SpendSummary(0, 2, -5)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GammaGammaModel(new GammaGammaParameters(1, 0.5, 1)));
    }

    /// <summary>
    /// The laws of CLV: never negative; monotone in expected purchases (more purchases in every month never lower it);
    /// linear in spend and margin; and without discounting, spend × the purchases of the horizon.
    /// </summary>
    [Fact]
    public void Clv_Laws()
    {
        var scenario = from increments in Gen.ArrayOf(Gen.Choose(0, 1000), 36)
                       from extra in Gen.ArrayOf(Gen.Choose(0, 500), 36)
                       from spend in Gen.Choose(0, 20_000)
                       from months in Gen.Choose(1, 36)
                       from rate in Gen.Choose(0, 50)
                       select (increments, extra, spend / 100.0, months, rate / 1000.0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var (increments, extra, spend, months, rate) = s;
            Func<double, double> Curve(int[] steps) => t => steps.Take((int)Math.Round(t / 4.0)).Sum() / 1000.0;
            var more = increments.Zip(extra, (i, e) => i + e).ToArray();
            var options = new ClvOptions { Months = months, PeriodsPerMonth = 4, MonthlyDiscountRate = rate };
            var clv = CustomerLifetimeValue.Compute(Curve(increments), spend, options);
            Assert.True(clv >= 0);
            Assert.True(CustomerLifetimeValue.Compute(Curve(more), spend, options) >= clv - 1e-9);
            Assert.Equal(clv * 0.3, CustomerLifetimeValue.Compute(Curve(increments), spend, options with { Margin = 0.3 }), 6);
            Assert.Equal(spend * increments.Take(months).Sum() / 1000.0, CustomerLifetimeValue.Compute(Curve(increments), spend, options with { MonthlyDiscountRate = 0 }), 6);
        }));
    }

    [Fact]
    public void Clv_OnCdnow_CombinesThePurchaseAndSpendModels()
    {
        var purchases = new ParetoNbdModel(new ParetoNbdParameters(0.553276, 10.5776, 0.606214, 11.6679));
        var spend = GammaGammaModel.Fit([.. Cdnow.Value.Select(c => c.Spend)]);
        var (first, six) = (Cdnow.Value[0], Cdnow.Value[5]); // x = 2 and x = 7 at the same T
        double Clv((CustomerSummary Summary, SpendSummary Spend) c) => CustomerLifetimeValue.Compute(
            t => purchases.ExpectedPurchases(t, c.Summary.Frequency, c.Summary.Recency, c.Summary.T), spend.ExpectedSpend(c.Spend.Frequency, c.Spend.MeanSpend));
        Assert.True(Clv(six) > Clv(first), "a frequent buyer with a higher spend is worth more");
        var year = purchases.ExpectedPurchases(52.18, first.Summary.Frequency, first.Summary.Recency, first.Summary.T) * spend.ExpectedSpend(first.Spend.Frequency, first.Spend.MeanSpend);
        Assert.InRange(Clv(first), year * 0.9, year); // discounting at 1% a month takes off less than a tenth over a year
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerLifetimeValue.Compute(_ => 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CustomerLifetimeValue.Compute(_ => 1, 1, new ClvOptions { Months = 0 }));
    }

    /// <summary>Spend summaries built from the raw CDNOW sample give the file's z̄ and x for every customer (to its rounding).</summary>
    [Fact]
    public void SpendSummaries_FromRawTransactions_MatchTheFile()
    {
        var lines = File.ReadLines(SharedData.File("cdnow", "CDNOW_sample.txt")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var records = lines.Select(f => new Retention.PurchaseRecord(int.Parse(f[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            new NodaTime.LocalDate(int.Parse(f[2][..4], CultureInfo.InvariantCulture), int.Parse(f[2][4..6], CultureInfo.InvariantCulture), int.Parse(f[2][6..], CultureInfo.InvariantCulture)).AtStartOfDayInZone(NodaTime.DateTimeZone.Utc).ToInstant())).ToArray();
        var table = Retention.PurchaseTable.FromRecords(records, NodaTime.DateTimeZone.Utc);
        var amounts = lines.Select(f => decimal.Parse(f[4], CultureInfo.InvariantCulture)).ToArray();
        var built = SpendSummaries.Build(table, amounts, new NodaTime.LocalDate(1997, 9, 30)).ToDictionary(s => int.Parse(table.CustomerIds!.Decode(s.Customer), CultureInfo.InvariantCulture));
        Assert.Equal(2357, built.Count);
        Assert.All(Cdnow.Value, c =>
        {
            Assert.Equal(c.Spend.Frequency, built[c.Spend.Customer].Frequency);
            Assert.InRange(built[c.Spend.Customer].MeanSpend, c.Spend.MeanSpend - 0.005 - 1e-9, c.Spend.MeanSpend + 0.005 + 1e-9);
        });
    }

    /// <summary>
    /// Value at risk on the CDNOW sample as of its last day: never negative, zero for a customer certainly active,
    /// CLV/P(alive) × (1 − P(alive)) for each; and the customers most at risk are repeat buyers worth something, not the
    /// one-time buyers RFM churn risk puts first.
    /// </summary>
    [Fact]
    public void ValueAtRisk_OnCdnow_RanksValuableLapsingCustomersFirst()
    {
        var lines = File.ReadLines(SharedData.File("cdnow", "CDNOW_sample.txt")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var records = lines.Select(f => new Retention.PurchaseRecord(f[1], new NodaTime.LocalDate(int.Parse(f[2][..4], CultureInfo.InvariantCulture), int.Parse(f[2][4..6], CultureInfo.InvariantCulture), int.Parse(f[2][6..], CultureInfo.InvariantCulture)).AtStartOfDayInZone(NodaTime.DateTimeZone.Utc).ToInstant())).ToArray();
        var table = Retention.PurchaseTable.FromRecords(records, NodaTime.DateTimeZone.Utc);
        var amounts = lines.Select(f => decimal.Parse(f[4], CultureInfo.InvariantCulture)).ToArray();
        var (_, values) = CustomerValues.Compute(table, amounts, new NodaTime.LocalDate(1998, 6, 30));
        Assert.Equal(2357, values.Count);
        Assert.All(values, v =>
        {
            Assert.True(v.ValueAtRisk >= 0 && v.Clv >= 0);
            Assert.Equal(v.ProbabilityAlive < 1e-9 ? 0 : v.Clv / v.ProbabilityAlive * (1 - v.ProbabilityAlive), v.ValueAtRisk, 9);
        });
        var top = values.OrderByDescending(v => v.ValueAtRisk).Take(20).ToList();
        Assert.True(top.Count(v => v.Summary.Frequency >= 2) >= 15, string.Join(", ", top.Select(v => v.Summary.Frequency)));
        Assert.True(top.Min(v => v.ValueAtRisk) > values.Average(v => v.ValueAtRisk));
    }
}
