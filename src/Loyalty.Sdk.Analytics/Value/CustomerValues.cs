using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>
/// Every customer's value from purchases and amounts: a purchase model and the Gamma-Gamma spend model fitted as of a
/// date, CLV over a horizon (<see cref="CustomerLifetimeValue"/>) and the value at risk.
/// </summary>
public static class CustomerValues
{
    /// <summary>Fits the models and values every customer with a purchase on or before <paramref name="asOf"/>.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record, its amount.</param>
    /// <param name="asOf">The end of the calibration period.</param>
    /// <param name="model">The purchase model.</param>
    /// <param name="options">The horizon, discount and margin (its periods per month are set from <paramref name="period"/>).</param>
    /// <param name="period">The time unit of the purchase model.</param>
    /// <returns>The fitted Gamma-Gamma parameters and one value per customer, in customer order.</returns>
    /// <exception cref="ModelFitException">A model cannot be fitted to the data.</exception>
    public static (GammaGammaParameters Spend, IReadOnlyList<CustomerValue> Customers) Compute(PurchaseTable table, IReadOnlyList<decimal> amounts, LocalDate asOf, PurchaseModel model = PurchaseModel.ModifiedBgNbd, ClvOptions? options = null, SummaryPeriod period = SummaryPeriod.Week)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(amounts);
        options = (options ?? new ClvOptions()) with { PeriodsPerMonth = 365.25 / 12 / (int)period };
        var summaries = CustomerSummaries.Build(table, asOf, period);
        var spends = SpendSummaries.Build(table, amounts, asOf);
        var (alive, purchases) = Fit(model, summaries);
        var spend = GammaGammaModel.Fit(spends);
        var horizon = options.Months * options.PeriodsPerMonth;
        var values = summaries.Zip(spends, (s, m) =>
        {
            var expectedSpend = spend.ExpectedSpend(m.Frequency, m.MeanSpend);
            var p = alive(s);
            var clv = CustomerLifetimeValue.Compute(t => purchases(s, t), expectedSpend, options);
            return new CustomerValue(s.Customer, s, p, purchases(s, horizon), expectedSpend, clv, p < 1e-9 ? 0 : clv / p * (1 - p));
        }).ToList();
        return (spend.Parameters, values);
    }

    private static (Func<CustomerSummary, double> Alive, Func<CustomerSummary, double, double> Purchases) Fit(PurchaseModel model, IReadOnlyList<CustomerSummary> summaries)
    {
        switch (model)
        {
            case PurchaseModel.BgNbd:
                var b = BgNbdModel.Fit(summaries);
                return (s => b.ProbabilityAlive(s.Frequency, s.Recency, s.T), (s, t) => b.ExpectedPurchases(t, s.Frequency, s.Recency, s.T));
            case PurchaseModel.ParetoNbd:
                var p = ParetoNbdModel.Fit(summaries);
                return (s => p.ProbabilityAlive(s.Frequency, s.Recency, s.T), (s, t) => p.ExpectedPurchases(t, s.Frequency, s.Recency, s.T));
            case PurchaseModel.ModifiedBgNbd:
                var m = ModifiedBgNbdModel.Fit(summaries);
                return (s => m.ProbabilityAlive(s.Frequency, s.Recency, s.T), (s, t) => m.ExpectedPurchases(t, s.Frequency, s.Recency, s.T));
            default:
                throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown purchase model.");
        }
    }
}
