using System;

namespace Loyalty.Sdk.Analytics;

/// <summary>
/// Percentile bootstrap over units (users, customers): each resample draws the units with replacement, represented
/// by how many times each was drawn, so a statistic can weigh units instead of copying them. Seeded: the same seed
/// gives the same intervals.
/// </summary>
internal static class Bootstrap
{
    /// <summary>The statistic on all units, and the 2.5th and 97.5th percentiles of it over the resamples.</summary>
    /// <param name="units">The number of units.</param>
    /// <param name="resamples">The number of resamples.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="statistic">The statistic of a weighting (how many times each unit was drawn).</param>
    public static Estimate Interval(int units, int resamples, int seed, Func<int[], double> statistic)
    {
        var weights = new int[units];
        Array.Fill(weights, 1);
        var value = statistic(weights);
        if (units == 0)
        {
            return new Estimate(double.NaN, double.NaN, double.NaN);
        }

        var random = new Random(seed);
        var values = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(weights);
            for (var i = 0; i < units; i++)
            {
                weights[random.Next(units)]++;
            }

            values[b] = statistic(weights);
        }

        Array.Sort(values); // NaN (a resample without both classes) sorts first
        var missing = 0;
        while (missing < values.Length && double.IsNaN(values[missing]))
        {
            missing++;
        }

        var valid = values.AsSpan(missing);
        return valid.Length == 0
            ? new Estimate(value, double.NaN, double.NaN)
            : new Estimate(value, valid[(int)Math.Floor(0.025 * (valid.Length - 1))], valid[(int)Math.Ceiling(0.975 * (valid.Length - 1))]);
    }

    /// <summary>The weighted mean of per-unit values (minus <paramref name="paired"/>, unit by unit).</summary>
    public static Func<int[], double> Mean(double[] values, double[]? paired = null) => weights =>
    {
        double sum = 0, total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += weights[i] * (paired is null ? values[i] : values[i] - paired[i]);
            total += weights[i];
        }

        return sum / total;
    };
}
