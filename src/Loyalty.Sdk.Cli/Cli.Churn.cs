using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Returns;
using NodaTime;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>churn</c> subcommand: BG/NBD with its holdout evaluation, or with <c>--supervised</c> the logistic churn model trained on earlier cutoffs and evaluated at the calibration end against the baselines.</summary>
internal static partial class Cli
{
    private static readonly Option<bool> Supervised = new("--supervised") { Description = "Evaluate the supervised churn model (logistic regression on recency, frequency, spend, tenure, gaps, trend, breadth, returns) trained on earlier cutoffs; needs --holdout-end, whose distance from --calibration-end is the churn horizon." };
    private static readonly Option<int> Origins = new("--origins") { Description = "Earlier cutoffs, a horizon apart, that the supervised model trains on.", DefaultValueFactory = _ => 3 };
    private static readonly Option<double> L2 = new("--l2") { Description = "The supervised model's L2 penalty λ.", DefaultValueFactory = _ => 1 };

    private static int Churn(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var calibrationEnd = ParseDate(parse.GetValue(CalibrationEnd)!, "--calibration-end");
        var holdoutEnd = parse.GetValue(HoldoutEnd) is { } h ? ParseDate(h, "--holdout-end") : (LocalDate?)null;
        if (holdoutEnd <= calibrationEnd)
        {
            throw new InputException($"--holdout-end {holdoutEnd} must be after --calibration-end {calibrationEnd}.");
        }

        if (parse.GetValue(Supervised))
        {
            return holdoutEnd is { } horizonEnd ? SupervisedChurnCommand(contents, parse, stdout, calibrationEnd, horizonEnd) : throw new UsageException("--supervised needs --holdout-end: the churn horizon ends there.");
        }

        var period = parse.GetValue(PeriodOption) == "day" ? SummaryPeriod.Day : SummaryPeriod.Week;
        try
        {
            var summaries = CustomerSummaries.Build(contents.Table, calibrationEnd, period);
            var model = BgNbdModel.Fit(summaries);

            // Expected purchases over the holdout, or over the next year without one.
            var horizon = holdoutEnd is { } end ? Period.DaysBetween(calibrationEnd, end) / (double)(int)period : (period == SummaryPeriod.Week ? 52 : 365);
            var evaluation = holdoutEnd is { } holdout ? ChurnEvaluator.Evaluate(contents.Table, contents.Amounts, calibrationEnd, holdout, period) : null;
            Output.ChurnTable(model, summaries, horizon, evaluation, stdout);
            WriteJson(parse, json => Output.ChurnJson(model, summaries, contents.Table, horizon, evaluation, json));
            return Success;
        }
        catch (ModelFitException ex)
        {
            throw new InputException("the BG/NBD model cannot be fitted to this data: " + ex.Message);
        }
    }

    private static int SupervisedChurnCommand(PurchaseFileContents contents, ParseResult parse, TextWriter stdout, LocalDate cutoff, LocalDate holdoutEnd)
    {
        var options = new SupervisedChurnOptions
        {
            HorizonDays = Period.DaysBetween(cutoff, holdoutEnd),
            Origins = parse.GetValue(Origins),
            L2 = parse.GetValue(L2),
            Resamples = parse.GetValue(Resamples),
            Period = parse.GetValue(PeriodOption) == "day" ? SummaryPeriod.Day : SummaryPeriod.Week,
        };
        SupervisedChurnEvaluation evaluation;
        try
        {
            evaluation = SupervisedChurn.Evaluate(contents.Table, contents.Amounts, cutoff, options, ReturnsOfKept(contents));
        }
        catch (ArgumentException ex)
        {
            throw new InputException(ex.Message);
        }

        SupervisedChurnOutput.Table(evaluation, stdout);
        WriteJson(parse, stream => SupervisedChurnOutput.Json(evaluation, stream));
        return Success;
    }

    /// <summary>
    /// The report's churn model: 90-day churn, evaluated at 90 days before the last observed day and trained on the
    /// cutoffs before it; null when the history is too short for both.
    /// </summary>
    private static SupervisedChurnEvaluation? ReportChurnModel(PurchaseFileContents contents, LocalDate? asOf)
    {
        var end = asOf ?? Analytics.Retention.PurchaseTable.DateOf(contents.Table.Days.Max());
        var options = new SupervisedChurnOptions { Resamples = 200 };
        var cutoff = end.PlusDays(-options.HorizonDays);
        try
        {
            return SupervisedChurn.TrainingCutoffs(contents.Table, cutoff, options).Count == 0 ? null : SupervisedChurn.Evaluate(contents.Table, contents.Amounts, cutoff, options, ReturnsOfKept(contents));
        }
        catch (ArgumentException)
        {
            return null; // too little history before the cutoff: the report leaves the section out
        }
    }

    /// <summary>The return rows (with days) indexed by the kept table's customers: customers who returned everything are not in it.</summary>
    private static ReturnRecords? ReturnsOfKept(PurchaseFileContents contents)
    {
        if (contents.Returns is not { Days: { } days } returns || contents.Bought.Table.CustomerIds is not { } bought || contents.Table.CustomerIds is not { } kept)
        {
            return null;
        }

        var (customers, orders, amounts, keptDays) = (new List<int>(), new List<int>(), new List<decimal>(), new List<int>());
        for (var k = 0; k < returns.Customers.Length; k++)
        {
            if (kept.TryGetIndex(bought.Decode(returns.Customers[k]), out var index))
            {
                customers.Add(index);
                orders.Add(returns.Orders?[k] ?? -1);
                amounts.Add(returns.Amounts[k]);
                keptDays.Add(days[k]);
            }
        }

        return new ReturnRecords([.. customers], [.. orders], [.. amounts]) { Days = [.. keptDays] };
    }
}
