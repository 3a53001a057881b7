using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Calibration/holdout evaluation of the churn scorers.</summary>
public static class ChurnEvaluator
{
    /// <summary>
    /// Splits the history at <paramref name="calibrationEnd"/>, scores every calibration customer with RFM and BG/NBD
    /// on the calibration data only, and labels as churned those with no purchase after it up to
    /// <paramref name="holdoutEnd"/>.
    /// </summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record: the amount (for RFM's monetary score), if known.</param>
    /// <param name="calibrationEnd">The last day of the calibration period.</param>
    /// <param name="holdoutEnd">The last day of the holdout period.</param>
    /// <param name="period">The BG/NBD time unit.</param>
    /// <param name="cancellationToken">A token to cancel the evaluation.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException">The holdout ends before it starts.</exception>
    /// <exception cref="ModelFitException">BG/NBD cannot be fitted to the calibration data.</exception>
    public static ChurnEvaluation Evaluate(PurchaseTable table, decimal[]? amounts, LocalDate calibrationEnd, LocalDate holdoutEnd, SummaryPeriod period = SummaryPeriod.Week, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (holdoutEnd <= calibrationEnd)
        {
            throw new ArgumentException($"The holdout end {holdoutEnd} must be after the calibration end {calibrationEnd}.", nameof(holdoutEnd));
        }

        var holdout = CustomerSummaries.DistinctDaysBetween(table, calibrationEnd, holdoutEnd);
        var rfm = new RfmChurnScorer().Score(table, amounts, calibrationEnd, cancellationToken);
        var bgnbd = new BgNbdChurnScorer(period);
        var alive = bgnbd.Score(table, amounts, calibrationEnd, cancellationToken);
        var model = bgnbd.Model!;

        bool Churned(int customer) => holdout[customer] == 0;
        var aucRfm = Auc(rfm.Customers.Select((c, i) => (rfm.Risk[i], Churned(c))).ToArray());
        var aucAlive = Auc(alive.Customers.Select((c, i) => (alive.Risk[i], Churned(c))).ToArray());

        var duration = Period.DaysBetween(calibrationEnd, holdoutEnd) / (double)(int)period;
        var summaries = CustomerSummaries.Build(table, calibrationEnd, period);
        var predicted = summaries
            .Select(s => (Predicted: model.ExpectedPurchases(duration, s.Frequency, s.Recency, s.T), Actual: holdout[s.Customer]))
            .OrderBy(p => p.Predicted)
            .ToArray();
        var aucExpected = Auc(predicted.Select(p => (-p.Predicted, p.Actual == 0)).ToArray());
        var deciles = new List<CalibrationDecile>(10);
        for (var d = 0; d < 10; d++)
        {
            var from = predicted.Length * d / 10;
            var to = predicted.Length * (d + 1) / 10;
            if (to == from)
            {
                continue;
            }

            var slice = predicted[from..to];
            deciles.Add(new CalibrationDecile(d + 1, slice.Length, slice.Average(p => p.Predicted), slice.Average(p => (double)p.Actual), slice.Count(p => p.Actual > 0) / (double)slice.Length));
        }

        return new ChurnEvaluation(summaries.Count, summaries.Count(s => Churned(s.Customer)), aucRfm, aucAlive, aucExpected, model, deciles);
    }

    /// <summary>ROC AUC by the rank-sum (Mann–Whitney) statistic, ties at their average rank; NaN without both classes.</summary>
    /// <param name="scored">Each item's score and whether it is positive.</param>
    /// <returns>The probability that a random positive outscores a random negative (ties count half).</returns>
    public static double Auc(IReadOnlyList<(double Score, bool Positive)> scored)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var scores = scored.Select(s => s.Score).ToArray();
        return ChurnMetrics.RocAuc(ChurnMetrics.StableAscending(scores), scores, scored.Select(s => s.Positive).ToArray(), null);
    }
}
