using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Returns;
using Loyalty.Sdk.Analytics.Value;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Churn;

/// <summary>
/// A supervised churn score: <see cref="ChurnFeatures"/> at a cutoff, labelled "no purchase in the next N days", and an
/// L2-regularised <see cref="LogisticRegression"/> trained on earlier cutoffs (rolling origin), so the scored cutoff's
/// outcome is never seen in training. <see cref="Evaluate"/> measures it against recency alone, RFM churn risk, and
/// BG/NBD and MBG/NBD expected purchases, with paired bootstrap intervals.
/// </summary>
public static class SupervisedChurn
{
    /// <summary>The cutoffs the model for <paramref name="cutoff"/> trains on: N, 2N, … days before it, earliest first, each with purchases before it.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="cutoff">The cutoff to be scored.</param>
    /// <param name="options">The horizon and number of origins.</param>
    /// <returns>The training cutoffs.</returns>
    public static IReadOnlyList<LocalDate> TrainingCutoffs(PurchaseTable table, LocalDate cutoff, SupervisedChurnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options = Checked(options);
        var first = table.Count == 0 ? int.MaxValue : table.Days.Min();
        return Enumerable.Range(1, options.Origins).Select(k => cutoff.PlusDays(-k * options.HorizonDays)).Where(c => PurchaseTable.DayNumber(c) >= first).Reverse().ToArray();
    }

    /// <summary>Trains the model on the cutoffs before <paramref name="cutoff"/> and scores every customer with a purchase on or before it.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record, its amount, or <see langword="null"/>.</param>
    /// <param name="cutoff">The scored cutoff (today, for live scores).</param>
    /// <param name="options">The options.</param>
    /// <param name="returns">Return rows with days, indexed by the table's customers, or <see langword="null"/>.</param>
    /// <returns>The model and each customer's probability of making no purchase in the next N days.</returns>
    /// <exception cref="ArgumentException">No training cutoff has customers of both kinds.</exception>
    public static (LogisticRegression Model, ChurnScores Scores) Score(PurchaseTable table, IReadOnlyList<decimal>? amounts, LocalDate cutoff, SupervisedChurnOptions? options = null, ReturnRecords? returns = null)
    {
        options = Checked(options);
        var (model, _) = Train(table, amounts, TrainingCutoffs(table, cutoff, options), options, returns);
        var rows = ChurnFeatures.Build(table, amounts, cutoff, returns);
        return (model, new ChurnScores(rows.Customers, Predict(model, rows)));
    }

    /// <summary>Trains on the cutoffs before <paramref name="cutoff"/> and evaluates on it against the baselines.</summary>
    /// <param name="table">The purchases.</param>
    /// <param name="amounts">Per record, its amount, or <see langword="null"/>.</param>
    /// <param name="cutoff">The evaluation cutoff: its N days after must be in the data.</param>
    /// <param name="options">The options.</param>
    /// <param name="returns">Return rows with days, indexed by the table's customers, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the evaluation.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException">The horizon after the cutoff is not in the data, or no training cutoff has customers of both kinds.</exception>
    public static SupervisedChurnEvaluation Evaluate(PurchaseTable table, IReadOnlyList<decimal>? amounts, LocalDate cutoff, SupervisedChurnOptions? options = null, ReturnRecords? returns = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        options = Checked(options);
        var horizonEnd = cutoff.PlusDays(options.HorizonDays);
        if (table.Count == 0 || PurchaseTable.DayNumber(horizonEnd) > table.Days.Max())
        {
            throw new ArgumentException($"The {options.HorizonDays} days after the cutoff {cutoff:yyyy-MM-dd} must be in the data (it ends {(table.Count == 0 ? "before it starts" : PurchaseTable.DateOf(table.Days.Max()).ToString("yyyy-MM-dd", null))}).", nameof(cutoff));
        }

        var cutoffs = TrainingCutoffs(table, cutoff, options);
        var (model, trainingRows) = Train(table, amounts, cutoffs, options, returns);
        cancellationToken.ThrowIfCancellationRequested();
        var rows = ChurnFeatures.Build(table, amounts, cutoff, returns);
        var labels = Labels(table, rows.Customers, cutoff, horizonEnd);
        var predicted = Predict(model, rows);
        var notes = new List<string>();
        var baselines = Baselines(table, amounts, rows.Customers, cutoff, options, notes, cancellationToken);
        // Every difference is the model's figure minus the baseline's on the same bootstrap weights (paired).
        var n = labels.Length;
        var none = new Estimate(double.NaN, double.NaN, double.NaN);
        Estimate Difference(Func<IReadOnlyList<int>?, double> ofModel, Func<IReadOnlyList<int>?, double> ofBaseline) =>
            Bootstrap.Interval(n, options.Resamples, options.Seed, w => ofModel(w) - ofBaseline(w));
        var modelOrder = ChurnMetrics.Ascending(predicted);
        double ModelRoc(IReadOnlyList<int>? w) => ChurnMetrics.RocAuc(modelOrder, predicted, labels, w);
        double ModelPr(IReadOnlyList<int>? w) => ChurnMetrics.AveragePrecision(modelOrder, predicted, labels, w);
        double ModelBrier(IReadOnlyList<int>? w) => ChurnMetrics.Brier(predicted, labels, w);
        var scorers = new List<ScorerComparison> { new("model", ModelRoc(null), ModelPr(null), ModelBrier(null), default, default, none) };
        foreach (var (name, score, probability) in baselines)
        {
            var order = ChurnMetrics.Ascending(score);
            double Roc(IReadOnlyList<int>? w) => ChurnMetrics.RocAuc(order, score, labels, w);
            double Pr(IReadOnlyList<int>? w) => ChurnMetrics.AveragePrecision(order, score, labels, w);
            scorers.Add(probability is { } p
                ? new ScorerComparison(name, Roc(null), Pr(null), ChurnMetrics.Brier(p, labels), Difference(ModelRoc, Roc), Difference(ModelPr, Pr), Difference(ModelBrier, w => ChurnMetrics.Brier(p, labels, w)))
                : new ScorerComparison(name, Roc(null), Pr(null), double.NaN, Difference(ModelRoc, Roc), Difference(ModelPr, Pr), none));
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new SupervisedChurnEvaluation(cutoff, options.HorizonDays, cutoffs, trainingRows, labels.Length, labels.Count(l => l), model, rows.Names, scorers, ChurnMetrics.Calibration(predicted, labels), notes);
    }

    private static SupervisedChurnOptions Checked(SupervisedChurnOptions? options)
    {
        options ??= new SupervisedChurnOptions();
        if (options.HorizonDays is < 1 or > 3650 || options.Origins is < 1 or > 100 || !(options.L2 >= 0) || double.IsInfinity(options.L2) || options.Resamples is < 10 or > 100_000 || !Enum.IsDefined(options.Period))
        {
            throw new ArgumentException("HorizonDays must be 1 to 3650, Origins 1 to 100, L2 finite and not negative, Resamples 10 to 100000, and Period defined.", nameof(options));
        }

        return options;
    }

    private static (LogisticRegression Model, int Rows) Train(PurchaseTable table, IReadOnlyList<decimal>? amounts, IReadOnlyList<LocalDate> cutoffs, SupervisedChurnOptions options, ReturnRecords? returns)
    {
        var values = new List<double>();
        var labels = new List<bool>();
        var width = 0;
        foreach (var c in cutoffs)
        {
            var rows = ChurnFeatures.Build(table, amounts, c, returns);
            width = rows.Names.Count;
            values.AddRange(rows.Values);
            labels.AddRange(Labels(table, rows.Customers, c, c.PlusDays(options.HorizonDays)));
        }

        if (!labels.Contains(true) || !labels.Contains(false))
        {
            throw new ArgumentException($"The training cutoffs ({string.Join(", ", cutoffs.Select(c => c.ToString("yyyy-MM-dd", null)))}) need customers who churned and customers who did not: give more history or a shorter horizon.", nameof(table));
        }

        return (LogisticRegression.Fit(values.ToArray(), width, labels, options.L2), labels.Count);
    }

    private static bool[] Labels(PurchaseTable table, int[] customers, LocalDate cutoff, LocalDate end)
    {
        var later = CustomerSummaries.DistinctDaysBetween(table, cutoff, end);
        return customers.Select(c => later[c] == 0).ToArray();
    }

    private static double[] Predict(LogisticRegression model, ChurnFeatureRows rows)
    {
        var result = new double[rows.Customers.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = model.Predict(rows.Row(i));
        }

        return result;
    }

    /// <summary>The baselines' scores (higher: more likely to churn) and, where they are probabilities, P(churn), aligned with <paramref name="customers"/>.</summary>
    private static List<(string Name, double[] Score, double[]? Probability)> Baselines(PurchaseTable table, IReadOnlyList<decimal>? amounts, int[] customers, LocalDate cutoff, SupervisedChurnOptions options, List<string> notes, CancellationToken cancellationToken)
    {
        var index = new Dictionary<int, int>(customers.Length);
        for (var i = 0; i < customers.Length; i++)
        {
            index[customers[i]] = i;
        }

        var end = PurchaseTable.DayNumber(cutoff);
        var last = new int[table.CustomerCount];
        Array.Fill(last, int.MinValue);
        for (var r = 0; r < table.Count; r++)
        {
            if (table.Days[r] <= end)
            {
                last[table.Customers[r]] = Math.Max(last[table.Customers[r]], table.Days[r]);
            }
        }

        var result = new List<(string, double[], double[]?)> { ("recency", customers.Select(c => (double)(end - last[c])).ToArray(), null) };
        var rfm = new RfmChurnScorer().Score(table, amounts as decimal[] ?? amounts?.ToArray(), cutoff, cancellationToken);
        var rfmRisk = new double[customers.Length];
        for (var k = 0; k < rfm.Customers.Count; k++)
        {
            rfmRisk[index[rfm.Customers[k]]] = rfm.Risk[k];
        }

        result.Add(("rfm", rfmRisk, null));
        var summaries = CustomerSummaries.Build(table, cutoff, options.Period);
        var horizon = options.HorizonDays / (double)(int)options.Period;
        try
        {
            var bg = BgNbdModel.Fit(summaries);
            result.Add(("bgnbd", summaries.Select(s => -bg.ExpectedPurchases(horizon, s.Frequency, s.Recency, s.T)).ToArray(), summaries.Select(s => bg.ProbabilityNoPurchase(horizon, s.Frequency, s.Recency, s.T)).ToArray()));
        }
        catch (ModelFitException ex)
        {
            notes.Add("BG/NBD could not be fitted at the cutoff: " + ex.Message);
        }

        try
        {
            var mbg = ModifiedBgNbdModel.Fit(summaries);
            result.Add(("mbgnbd", summaries.Select(s => -mbg.ExpectedPurchases(horizon, s.Frequency, s.Recency, s.T)).ToArray(), summaries.Select(s => mbg.ProbabilityNoPurchase(horizon, s.Frequency, s.Recency, s.T)).ToArray()));
        }
        catch (ModelFitException ex)
        {
            notes.Add("MBG/NBD could not be fitted at the cutoff: " + ex.Message);
        }

        return result;
    }
}
