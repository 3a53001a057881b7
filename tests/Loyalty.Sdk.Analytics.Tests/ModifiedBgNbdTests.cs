using System;
using System.Collections.Generic;
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

public sealed class ModifiedBgNbdTests
{
    /// <summary>
    /// Data simulated from the model's own story (a purchase rate and a dropout probability per customer; a coin after
    /// every purchase, the first included) gives back the parameters it was drawn with, and the fit's likelihood is at
    /// least the true parameters' (it is a maximum).
    /// </summary>
    [Fact]
    public void Fit_RecoversSimulatedParameters()
    {
        var truth = new BgNbdParameters(0.6, 5.0, 0.9, 2.5);
        var random = new Random(2007);
        var summaries = new List<CustomerSummary>();
        for (var c = 0; c < 30_000; c++)
        {
            var rate = Gamma(random, truth.R) / truth.Alpha;
            var dropout = Beta(random, truth.A, truth.B);
            var age = 20 + (random.NextDouble() * 30);
            var (x, last, now) = (0, 0.0, 0.0);
            while (random.NextDouble() >= dropout)
            {
                now += -Math.Log(1 - random.NextDouble()) / rate;
                if (now > age)
                {
                    break;
                }

                (x, last) = (x + 1, now);
            }

            summaries.Add(new CustomerSummary(c, x, last, age));
        }

        var model = ModifiedBgNbdModel.Fit(summaries);
        var p = model.Parameters;
        Assert.Equal(truth.R, p.R, truth.R * 0.15);
        Assert.Equal(truth.Alpha, p.Alpha, truth.Alpha * 0.2);
        Assert.Equal(truth.A, p.A, truth.A * 0.2);
        Assert.Equal(truth.B, p.B, truth.B * 0.25);
        Assert.True(model.LogLikelihood >= summaries.Sum(s => ModifiedBgNbdModel.CustomerLogLikelihood(truth, s.Frequency, s.Recency, s.T)) - 1e-6);
    }

    /// <summary>On CDNOW: the published fit, and a one-time buyer who is not certainly alive (BG/NBD says 1).</summary>
    [Fact]
    public void OnCdnow_MatchesBtydPlus_AndAOneTimeBuyerCanBeGone_UnlikeBgNbd()
    {
        var summaries = File.ReadLines(SharedData.File("cdnow", "cdnow_customers_summary.csv")).Skip(1).Select(l => l.Split(','))
            .Select(f => new CustomerSummary(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToArray();
        var model = ModifiedBgNbdModel.Fit(summaries);
        var bgnbd = BgNbdModel.Fit(summaries);
        Assert.Equal(1.0, bgnbd.ProbabilityAlive(0, 0, 38.86));
        var oneTime = model.ProbabilityAlive(0, 0, 38.86);
        Assert.InRange(oneTime, 0.05, 0.95);
        Assert.True(model.ProbabilityAlive(0, 0, 38.86) < model.ProbabilityAlive(0, 0, 1), "the longer since the only purchase, the less alive");

        // For a customer who has just arrived, the conditional expectation is the unconditional one.
        Assert.Equal(model.ExpectedPurchases(39), model.ExpectedPurchases(39, 0, 0, 0), 1e-9);

        // The fit BTYDplus gives on this summary, as lifetimes' test suite asserts it (three decimals).
        Assert.Equal(0.525, model.Parameters.R, 1.5e-3);
        Assert.Equal(6.183, model.Parameters.Alpha, 1.5e-3);
        Assert.Equal(0.891, model.Parameters.A, 1.5e-3);
        Assert.Equal(1.614, model.Parameters.B, 1.5e-3);
        Assert.True(model.LogLikelihood > -9700 && model.LogLikelihood < -9500, $"LL {model.LogLikelihood}");
    }

    /// <summary>The laws: P(alive) in [0, 1]; expected purchases non-negative and growing with the horizon.</summary>
    [Fact]
    public void Laws()
    {
        var scenario = from r in Gen.Choose(1, 300) from alpha in Gen.Choose(1, 300) from a in Gen.Choose(110, 500) from b in Gen.Choose(1, 500)
                       from x in Gen.Choose(0, 40) from recency in Gen.Choose(0, 100) from extra in Gen.Choose(0, 100) from horizon in Gen.Choose(1, 100)
                       select (new BgNbdParameters(r / 100.0, alpha / 10.0, a / 100.0, b / 100.0), x, recency / 2.0, (recency + extra) / 2.0, horizon / 2.0);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true), Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var (parameters, x, recency, t, horizon) = s;
            var model = new ModifiedBgNbdModel(parameters);
            Assert.InRange(model.ProbabilityAlive(x, x == 0 ? 0 : recency, t), 0, 1);
            var shorter = model.ExpectedPurchases(horizon, x, x == 0 ? 0 : recency, t);
            var longer = model.ExpectedPurchases(horizon * 2, x, x == 0 ? 0 : recency, t);
            Assert.True(shorter >= 0 && longer >= shorter - 1e-9, $"{shorter} then {longer}");
        }));
    }

    private static double Gamma(Random random, double shape)
    {
        // Marsaglia–Tsang, with the boost for shape < 1.
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                v = 1 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Beta(Random random, double a, double b)
    {
        var x = Gamma(random, a);
        return x / (x + Gamma(random, b));
    }
}
