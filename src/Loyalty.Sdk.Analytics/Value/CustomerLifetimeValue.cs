using System;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>
/// Customer lifetime value over a horizon: the expected purchases of each month (from a purchase model's conditional
/// expectation E[Y(t)]), times the expected value of a purchase (from the Gamma-Gamma model), times the margin,
/// discounted month by month:
/// <code>CLV = margin · E[M] · Σ_{k=1..H} (E[Y(k·m)] − E[Y((k−1)·m)]) / (1 + d)^k</code>
/// where m is the model's periods per month, H the months and d the monthly discount rate (Fader, Hardie &amp; Lee's
/// discounted expected residual transactions, taken in monthly steps).
/// </summary>
public static class CustomerLifetimeValue
{
    /// <summary>Computes one customer's CLV.</summary>
    /// <param name="expectedPurchasesUpTo">E[Y(t)]: the customer's expected purchases in the next t periods (non-decreasing in t, 0 at 0).</param>
    /// <param name="expectedSpend">E[M]: the expected value of one purchase (not negative).</param>
    /// <param name="options">The horizon, discount rate and margin, or <see langword="null"/> for the defaults.</param>
    /// <returns>The value, never negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option or the spend is out of range.</exception>
    public static double Compute(Func<double, double> expectedPurchasesUpTo, double expectedSpend, ClvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(expectedPurchasesUpTo);
        options ??= new ClvOptions();
        if (!double.IsFinite(expectedSpend) || expectedSpend < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedSpend), expectedSpend, "The expected spend must be finite and not negative.");
        }

        if (options.Months is < 1 or > 1200 || !double.IsFinite(options.PeriodsPerMonth) || options.PeriodsPerMonth <= 0 ||
            !double.IsFinite(options.MonthlyDiscountRate) || options.MonthlyDiscountRate < 0 || !double.IsFinite(options.Margin) || options.Margin < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "Months must be 1 to 1200; periods per month, the discount rate and the margin finite, the first positive and the others not negative.");
        }

        var total = 0.0;
        var before = 0.0;
        for (var k = 1; k <= options.Months; k++)
        {
            var upTo = expectedPurchasesUpTo(k * options.PeriodsPerMonth);
            total += Math.Max(0, upTo - before) / Math.Pow(1 + options.MonthlyDiscountRate, k);
            before = Math.Max(before, upTo);
        }

        return options.Margin * expectedSpend * total;
    }
}
