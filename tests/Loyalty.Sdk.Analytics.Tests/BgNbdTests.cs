using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;
using Loyalty.Sdk.Tests.Shared;
using Xunit;

namespace Loyalty.Sdk.Analytics.Tests;

/// <summary>BG/NBD against every BG/NBD figure in ../shared/data/cdnow/README.md, within its stated tolerance.</summary>
public sealed class BgNbdTests
{
    private static readonly Lazy<CustomerSummary[]> Summary = new(() => File.ReadLines(SharedData.File("cdnow", "cdnow_customers_summary.csv")).Skip(1)
        .Select(l => l.Split(','))
        .Select(f => new CustomerSummary(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))
        .ToArray());

    private static readonly Lazy<BgNbdModel> Fitted = new(() => BgNbdModel.Fit(Summary.Value));

    private static readonly BgNbdModel Rounded = new(new BgNbdParameters(0.243, 4.414, 0.793, 2.426));

    internal static PurchaseTable SampleTransactions()
    {
        // CDNOW_sample.txt: master_id sample_id yyyyMMdd cds dollars; the sample_id is the summary's ID.
        var records = File.ReadLines(SharedData.File("cdnow", "CDNOW_sample.txt"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => new PurchaseRecord(
                int.Parse(f[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                new LocalDate(int.Parse(f[2][..4], CultureInfo.InvariantCulture), int.Parse(f[2][4..6], CultureInfo.InvariantCulture), int.Parse(f[2][6..], CultureInfo.InvariantCulture)).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()))
            .ToArray();
        return PurchaseTable.FromRecords(records, DateTimeZone.Utc);
    }

    [Fact]
    public void Fit_OnTheCdnowSummary_ReproducesThePaperAndTheOptimum()
    {
        Assert.Equal(2357, Summary.Value.Length);
        var p = Fitted.Value.Parameters;
        Assert.Equal(0.243, p.R, 0.0005);
        Assert.Equal(4.414, p.Alpha, 0.0005);
        Assert.Equal(0.793, p.A, 0.0005);
        Assert.Equal(2.426, p.B, 0.0005);
        Assert.Equal(0.242593, p.R, 2e-4);
        Assert.Equal(4.41353, p.Alpha, 2e-4);
        Assert.Equal(0.792886, p.A, 2e-4);
        Assert.Equal(2.42575, p.B, 2e-4);
        Assert.Equal(-9582.4256, Fitted.Value.LogLikelihood, 0.01);
        Assert.Equal(-9582.4268, Summary.Value.Sum(s => BgNbdModel.CustomerLogLikelihood(Rounded.Parameters, s.Frequency, s.Recency, s.T)), 0.01);
    }

    [Fact]
    public void Fit_FromRawTransactions_InWeeksAndDays_MatchesTheReadme()
    {
        var table = SampleTransactions();
        var weeks = CustomerSummaries.Build(table, new LocalDate(1997, 9, 30), SummaryPeriod.Week);
        Assert.Equal(2357, weeks.Count);
        var model = BgNbdModel.Fit(weeks);
        Assert.Equal(0.242595, model.Parameters.R, 2e-4);
        Assert.Equal(4.413602, model.Parameters.Alpha, 2e-4);
        Assert.Equal(0.792923, model.Parameters.A, 2e-4);
        Assert.Equal(2.425910, model.Parameters.B, 2e-4);
        Assert.Equal(-9582.4292, model.LogLikelihood, 0.01);
        var first = weeks.Single(s => table.CustomerIds!.Decode(s.Customer) == "1");
        Assert.Equal(0.726620, model.ProbabilityAlive(first.Frequency, first.Recency, first.T), 1e-4);

        var days = CustomerSummaries.Build(table, new LocalDate(1997, 9, 30), SummaryPeriod.Day);
        var daily = BgNbdModel.Fit(days);
        Assert.Equal(model.Parameters.R, daily.Parameters.R, 1e-3);
        Assert.Equal(model.Parameters.A, daily.Parameters.A, 1e-3);
        Assert.Equal(model.Parameters.B, daily.Parameters.B, 1e-3);
        Assert.Equal(30.8952, daily.Parameters.Alpha, 1e-2);
        Assert.Equal(-14363.5304, daily.LogLikelihood, 0.01);
        Assert.Equal(2457, days.Sum(s => s.Frequency));

        // The summary from raw data reproduces the shipped file to its 2-decimal rounding.
        var shipped = Summary.Value.ToDictionary(s => s.Customer.ToString(CultureInfo.InvariantCulture));
        Assert.All(weeks, s =>
        {
            var expected = shipped[table.CustomerIds!.Decode(s.Customer)];
            Assert.Equal(expected.Frequency, s.Frequency);
            Assert.Equal(expected.Recency, Math.Round(s.Recency, 2), 1e-9);
            Assert.Equal(expected.T, Math.Round(s.T, 2), 1e-9);
        });
    }

    [Theory]
    [InlineData(2, 30.43, 38.86, 0.726609)]
    [InlineData(1, 1.71, 38.86, 0.212227)]
    [InlineData(7, 29.43, 38.86, 0.641801)]
    public void ProbabilityAlive_MatchesTheReadme(int x, double tx, double t, double expected) =>
        Assert.Equal(expected, Fitted.Value.ProbabilityAlive(x, tx, t), 1e-4);

    [Fact]
    public void ProbabilityAlive_IsOneWithoutRepeats_AndZeroWithoutOverflowForHugeFrequencies()
    {
        Assert.Equal(1.0, Fitted.Value.ProbabilityAlive(0, 0, 38.86));
        Assert.Equal(0.726579, Rounded.ProbabilityAlive(2, 30.43, 38.86), 1e-4);
        Assert.Equal(0.0, Fitted.Value.ProbabilityAlive(1000, 10, 100));
    }

    [Fact]
    public void ExpectedPurchases_ConditionalAndUnconditional_MatchTheReadme()
    {
        Assert.Equal(1.2259, Fitted.Value.ExpectedPurchases(39, 2, 30.43, 38.86), 0.001);
        Assert.Equal(1.226, Rounded.ExpectedPurchases(39, 2, 30.43, 38.86), 0.001);
        var times = new[] { 0.1429, 1, 3, 31.8571, 32, 78 };
        var expected = new[] { 0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576 };
        for (var i = 0; i < times.Length; i++)
        {
            Assert.Equal(expected[i], Fitted.Value.ExpectedPurchases(times[i]), 0.0005);
        }

        Assert.Equal(1.8605, Rounded.ExpectedPurchases(78), 0.0005);
        Assert.Equal(1653.42, Summary.Value.Sum(s => Fitted.Value.ExpectedPurchases(39, s.Frequency, s.Recency, s.T)), 0.05);
    }

    [Fact]
    public void ExpectedHoldoutPurchases_ByCalibrationFrequency_MatchTheReadme_AndTheActuals()
    {
        var table = SampleTransactions();
        var weeks = CustomerSummaries.Build(table, new LocalDate(1997, 9, 30));
        var holdout = CustomerSummaries.DistinctDaysBetween(table, new LocalDate(1997, 9, 30), new LocalDate(1998, 6, 30));
        Assert.Equal(1882, holdout.Sum());
        Assert.Equal(334, weeks.Where(s => s.Frequency == 0).Sum(s => holdout[s.Customer]));
        var predicted = new[] { 0.2251, 0.5231, 1.0441, 1.5203, 2.1639, 2.6539, 3.5041, 6.1574 };
        var actual = new[] { 0.2367, 0.6970, 1.3925, 1.5600, 2.5323, 2.9474, 3.8621, 6.3594 };
        for (var x = 0; x <= 7; x++)
        {
            var group = Summary.Value.Where(s => x < 7 ? s.Frequency == x : s.Frequency >= 7).ToArray();
            Assert.Equal(predicted[x], group.Average(s => Fitted.Value.ExpectedPurchases(39, s.Frequency, s.Recency, s.T)), 1e-3);
            var raw = weeks.Where(s => x < 7 ? s.Frequency == x : s.Frequency >= 7).ToArray();
            Assert.Equal(actual[x], raw.Average(s => holdout[s.Customer]), 1e-3);
        }
    }

    [Fact]
    public void ProbabilityOfPurchases_MatchesBtyd()
    {
        Assert.Equal(1.07869e-07, Rounded.ProbabilityOfPurchases(2, 10), 1.07869e-07 * 1e-5);
        Assert.Equal(0.5737864, Rounded.ProbabilityOfPurchases(39, 0), 0.5737864 * 1e-5);
        var expected = new[] { 0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260 };
        for (var n = 11; n <= 20; n++)
        {
            Assert.Equal(expected[n - 11], Rounded.ProbabilityOfPurchases(30, n), 1e-9);
        }
    }

    [Fact]
    public void SingleCustomerLogLikelihood_MatchesPymcMarketing()
    {
        var p = new BgNbdParameters(R: 0.25, Alpha: 4.00, A: 0.80, B: 2.50);
        Assert.Equal(-0.59947382, BgNbdModel.CustomerLogLikelihood(p, 0, 0, 40), 1e-5);
        Assert.Equal(100.79569, BgNbdModel.CustomerLogLikelihood(p, 200, 38, 40), 1e-5);
    }

    [Fact]
    public void Fit_WithAnL2Penalty_ShrinksTheParameters_AndStaysNearTheOptimumWhenSmall()
    {
        static double Norm(BgNbdParameters p) => (p.R * p.R) + (p.Alpha * p.Alpha) + (p.A * p.A) + (p.B * p.B);
        var strong = BgNbdModel.Fit(Summary.Value, new BgNbdFitOptions { Penalty = 0.01 });
        var weak = BgNbdModel.Fit(Summary.Value, new BgNbdFitOptions { Penalty = 1e-9 });
        Assert.True(Norm(strong.Parameters) < Norm(Fitted.Value.Parameters), "the penalty shrinks the parameters");
        Assert.True(strong.LogLikelihood < Fitted.Value.LogLikelihood);
        Assert.Equal(Fitted.Value.Parameters.Alpha, weak.Parameters.Alpha, 1e-3);
    }

    [Fact]
    public void Fit_OfDegenerateData_IsATypedError()
    {
        Assert.Throws<ModelFitException>(() => BgNbdModel.Fit([]));
        Assert.Throws<ModelFitException>(() => BgNbdModel.Fit([new CustomerSummary(0, 0, 0, 10), new CustomerSummary(1, 0, 0, 20)]));
        Assert.Throws<ModelFitException>(() => BgNbdModel.Fit([new CustomerSummary(0, 1, double.NaN, 10)]));
        Assert.Throws<ModelFitException>(() => BgNbdModel.Fit([new CustomerSummary(0, 1, 5, 3)]));
        Assert.Throws<ModelFitException>(() => BgNbdModel.Fit(Summary.Value, new BgNbdFitOptions { Penalty = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BgNbdModel(new BgNbdParameters(double.NaN, 1, 1, 1)));
    }
}
