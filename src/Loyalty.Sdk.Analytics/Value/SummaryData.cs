using System;
using System.Collections.Generic;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Analytics.Value;

/// <summary>Customer summaries checked and grouped for a likelihood: identical (x, t_x, T) counted once.</summary>
internal static class SummaryData
{
    public static (int X, double Recency, double T, int Count)[] Check(IReadOnlyList<CustomerSummary> summaries, string model)
    {
        if (summaries.Count == 0)
        {
            throw new ModelFitException($"{model} cannot be fitted to no customers.");
        }

        var groups = new Dictionary<(int, double, double), int>();
        foreach (var s in summaries)
        {
            Validate(s);
            groups[(s.Frequency, s.Recency, s.T)] = groups.GetValueOrDefault((s.Frequency, s.Recency, s.T)) + 1;
        }

        if (groups.Keys.All(k => k.Item1 == 0))
        {
            throw NoRepeatPurchase(model);
        }

        return [.. groups.Select(g => (g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Value))];
    }

    /// <summary>Refuses a summary that no purchase model can use: x ≥ 0 and 0 ≤ t_x ≤ T, all finite.</summary>
    /// <exception cref="ModelFitException">The summary is invalid.</exception>
    public static void Validate(CustomerSummary s)
    {
        if (s.Frequency < 0 || !double.IsFinite(s.Recency) || !double.IsFinite(s.T) || s.Recency < 0 || s.T < s.Recency)
        {
            throw new ModelFitException($"Customer {s.Customer} has an invalid summary (x = {s.Frequency}, t_x = {s.Recency}, T = {s.T}): need x ≥ 0 and 0 ≤ t_x ≤ T, all finite.");
        }
    }

    /// <summary>The error of a purchase model fitted to customers without a repeat purchase.</summary>
    public static ModelFitException NoRepeatPurchase(string model) =>
        new($"{model} cannot be fitted when no customer has a repeat purchase: the dropout process is not identified.");

    public static double MeanT(IReadOnlyList<CustomerSummary> summaries) => Math.Max(1e-3, summaries.Average(s => s.T));
}
