using System;
using System.Collections.Generic;
using System.Linq;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>
/// Ranking and probability metrics of a churn score against labels (positive: churned), each optionally weighted per
/// row (how many times a bootstrap resample drew it). Ties in the score count half (ROC AUC) or move together (PR AUC).
/// </summary>
public static class ChurnMetrics
{
    /// <summary>ROC AUC: the probability that a random churner scores above a random stayer, ties counting half.</summary>
    /// <param name="scores">The scores (higher: more likely to churn).</param>
    /// <param name="labels">The labels.</param>
    /// <param name="weights">Per row, its weight, or <see langword="null"/> for 1 each.</param>
    /// <returns>The AUC, or NaN without both classes.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, a score is NaN, or a weight is negative.</exception>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<int>? weights = null) =>
        RocAuc(Ascending(Checked(scores, labels, weights)), scores, labels, weights);

    /// <summary>PR AUC as average precision: Σ over score thresholds (high to low) of the recall gained × the precision there.</summary>
    /// <param name="scores">The scores (higher: more likely to churn).</param>
    /// <param name="labels">The labels.</param>
    /// <param name="weights">Per row, its weight, or <see langword="null"/> for 1 each.</param>
    /// <returns>The average precision, or NaN without churners.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, a score is NaN, or a weight is negative.</exception>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<int>? weights = null) =>
        AveragePrecision(Ascending(Checked(scores, labels, weights)), scores, labels, weights);

    /// <summary>The Brier score: the mean squared difference between the probability and the label (lower is better).</summary>
    /// <param name="probabilities">The predicted probabilities of churn.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="weights">Per row, its weight, or <see langword="null"/> for 1 each.</param>
    /// <returns>The Brier score.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, or a weight is negative.</exception>
    public static double Brier(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, IReadOnlyList<int>? weights = null)
    {
        Checked(probabilities, labels, weights);
        double sum = 0, total = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var w = weights?[i] ?? 1;
            var d = probabilities[i] - (labels[i] ? 1 : 0);
            sum += w * d * d;
            total += w;
        }

        return sum / total;
    }

    /// <summary>Rows ranked by probability into <paramref name="bins"/> equal groups: mean predicted and observed churn in each.</summary>
    /// <param name="probabilities">The predicted probabilities.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="bins">The number of groups.</param>
    /// <returns>The groups, lowest predictions first.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, a probability is NaN, or there are no bins.</exception>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        Checked(probabilities, labels, null);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var order = Ascending(probabilities);
        var overall = labels.Count(l => l) / (double)Math.Max(1, labels.Count);
        var result = new List<CalibrationBin>(bins);
        for (var b = 0; b < bins; b++)
        {
            var (from, to) = (order.Length * b / bins, order.Length * (b + 1) / bins);
            if (to > from)
            {
                var slice = order[from..to];
                var observed = slice.Count(i => labels[i]) / (double)slice.Length;
                result.Add(new CalibrationBin(b + 1, slice.Length, slice.Average(i => probabilities[i]), observed, overall == 0 ? double.NaN : observed / overall));
            }
        }

        return result;
    }

    private static IReadOnlyList<double> Checked(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<int>? weights)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != scores.Count || (weights is not null && (weights.Count != scores.Count || weights.Any(w => w < 0))))
        {
            throw new ArgumentException("Give one label (and weight, not negative) per score.", nameof(labels));
        }

        return scores;
    }

    internal static int[] Ascending(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        foreach (var score in scores)
        {
            if (double.IsNaN(score))
            {
                throw new ArgumentException("A score is NaN: scores must be comparable.", nameof(scores));
            }
        }

        var order = Enumerable.Range(0, scores.Count).ToArray();
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        return order;
    }

    /// <summary>Rows by ascending score, equal scores in their given order (NaN first, each its own group), as <see cref="ChurnEvaluator.Auc"/> has always ranked them.</summary>
    internal static int[] StableAscending(IReadOnlyList<double> scores) => [.. Enumerable.Range(0, scores.Count).OrderBy(i => scores[i])];

    /// <summary>ROC AUC over rows already ranked by ascending score.</summary>
    internal static double RocAuc(int[] ascending, IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<int>? weights)
    {
        double below = 0, sum = 0, positives = 0, negatives = 0;
        for (var i = 0; i < ascending.Length;)
        {
            double pos = 0, neg = 0;
            var j = i;
            for (; j < ascending.Length && scores[ascending[j]] == scores[ascending[i]]; j++)
            {
                var w = weights?[ascending[j]] ?? 1;
                if (labels[ascending[j]])
                {
                    pos += w;
                }
                else
                {
                    neg += w;
                }
            }

            sum += pos * (below + (neg / 2));
            below += neg;
            positives += pos;
            negatives += neg;
            i = j;
        }

        return positives == 0 || negatives == 0 ? double.NaN : sum / (positives * negatives);
    }

    /// <summary>Average precision over rows already ranked by ascending score.</summary>
    internal static double AveragePrecision(int[] ascending, IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<int>? weights)
    {
        double positives = 0;
        for (var i = 0; i < ascending.Length; i++)
        {
            positives += labels[ascending[i]] ? weights?[ascending[i]] ?? 1 : 0;
        }

        if (positives == 0)
        {
            return double.NaN;
        }

        double truePositives = 0, flagged = 0, sum = 0;
        for (var j = ascending.Length - 1; j >= 0;)
        {
            double pos = 0, all = 0;
            var i = j;
            for (; i >= 0 && scores[ascending[i]] == scores[ascending[j]]; i--)
            {
                var w = weights?[ascending[i]] ?? 1;
                all += w;
                pos += labels[ascending[i]] ? w : 0;
            }

            truePositives += pos;
            flagged += all;
            sum += flagged == 0 ? 0 : pos / positives * (truePositives / flagged);
            j = i;
        }

        return sum;
    }
}
