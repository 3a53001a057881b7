using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>Churn risk per customer, in [0, 1]: higher means more likely to have left.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customers">The customer indexes scored (those with a purchase on or before the as-of date).</param>
/// <param name="Risk">The risk of each, in the same order.</param>
public sealed record ChurnScores(IReadOnlyList<int> Customers, IReadOnlyList<double> Risk);

/// <summary>Scores churn risk from purchases as of a date.</summary>
public interface IChurnScorer
{
    /// <summary>Gets the scorer's name, such as <c>rfm</c> or <c>bgnbd</c>.</summary>
    string Name { get; }

    /// <summary>Scores every customer with a purchase on or before <paramref name="asOf"/>, using only those purchases.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record: the amount, if the scorer uses it.</param>
    /// <param name="asOf">The last day of history the scorer may see.</param>
    /// <param name="cancellationToken">A token to cancel the scoring.</param>
    /// <returns>The scores.</returns>
    ChurnScores Score(PurchaseTable table, decimal[]? amounts, LocalDate asOf, CancellationToken cancellationToken = default);
}

/// <summary>Churn risk from RFM scores (<see cref="RfmAnalysis.ChurnRisk"/>).</summary>
/// <param name="options">RFM options (the as-of date is replaced by the one scored at).</param>
public sealed class RfmChurnScorer(RfmOptions? options = null) : IChurnScorer
{
    /// <inheritdoc/>
    public string Name => "rfm";

    /// <inheritdoc/>
    public ChurnScores Score(PurchaseTable table, decimal[]? amounts, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var report = RfmAnalysis.Compute(table, amounts, (options ?? new RfmOptions()) with { AsOf = asOf }, cancellationToken);
        return new ChurnScores(report.Customers.Select(c => c.Customer).ToArray(), report.Customers.Select(c => c.ChurnRisk).ToArray());
    }
}

/// <summary>Churn risk as 1 − P(alive) under a BG/NBD model fitted to the history up to the as-of date.</summary>
/// <param name="period">The time unit of the summaries.</param>
/// <param name="fitOptions">Fit options.</param>
public sealed class BgNbdChurnScorer(SummaryPeriod period = SummaryPeriod.Week, BgNbdFitOptions? fitOptions = null) : IChurnScorer
{
    /// <inheritdoc/>
    public string Name => "bgnbd";

    /// <summary>Gets the model of the last <see cref="Score"/> call.</summary>
    public BgNbdModel? Model { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="ModelFitException">The model cannot be fitted to the history.</exception>
    public ChurnScores Score(PurchaseTable table, decimal[]? amounts, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var summaries = CustomerSummaries.Build(table, asOf, period);
        cancellationToken.ThrowIfCancellationRequested();
        var model = BgNbdModel.Fit(summaries, fitOptions);
        Model = model;
        return new ChurnScores(
            summaries.Select(s => s.Customer).ToArray(),
            summaries.Select(s => 1 - model.ProbabilityAlive(s.Frequency, s.Recency, s.T)).ToArray());
    }
}

/// <summary>One decile of the BG/NBD calibration table: customers ranked by predicted holdout purchases.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Decile">1 (lowest predictions) to 10.</param>
/// <param name="Customers">Customers in the decile.</param>
/// <param name="PredictedPurchases">Mean E[Y(holdout) | history].</param>
/// <param name="ActualPurchases">Mean actual repeat purchase days in the holdout.</param>
/// <param name="ActualRepeatBuyers">The share that bought at least once in the holdout.</param>
public readonly record struct CalibrationDecile(int Decile, int Customers, double PredictedPurchases, double ActualPurchases, double ActualRepeatBuyers);

/// <summary>How well the scorers predicted churn on a holdout period.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Customers">Customers with a purchase in the calibration period.</param>
/// <param name="Churned">Of those, customers with no purchase in the holdout (the positive label).</param>
/// <param name="AucRfm">ROC AUC of the RFM churn risk.</param>
/// <param name="AucPAlive">ROC AUC of 1 − P(alive). One-time buyers have P(alive) = 1 by the model's definition, so on data where most of them never return (CDNOW) this score ranks churners worse than chance.</param>
/// <param name="AucExpectedPurchases">ROC AUC of −E[Y(holdout) | history]: BG/NBD's own prediction of purchases, which also counts the chance an alive customer simply does not buy.</param>
/// <param name="Model">The BG/NBD model fitted to the calibration period.</param>
/// <param name="Deciles">The BG/NBD calibration table.</param>
public sealed record ChurnEvaluation(int Customers, int Churned, double AucRfm, double AucPAlive, double AucExpectedPurchases, BgNbdModel Model, IReadOnlyList<CalibrationDecile> Deciles);

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
        var order = scored.OrderBy(s => s.Score).ToArray();
        double positives = order.Count(s => s.Positive);
        double negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var rankSum = 0.0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && order[j].Score == order[i].Score)
            {
                j++;
            }

            var averageRank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (order[k].Positive)
                {
                    rankSum += averageRank;
                }
            }

            i = j;
        }

        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }
}
