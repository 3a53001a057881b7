using System.CommandLine;
using System.Collections.Generic;
using System.IO;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Satisfaction;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>satisfaction</c> subcommand, and the satisfaction section of the report.</summary>
internal static partial class Cli
{
    private static readonly Option<string?> Reviews = new("--reviews") { Description = "A reviews file (CSV, gzip, TSV, Parquet or a folder, as --input): a score and a time per review, and the order and/or customer it reviews." };
    private static readonly Option<string> ReviewScore = new("--review-score") { Description = "The reviews' score column.", DefaultValueFactory = _ => "score" };
    private static readonly Option<string> ReviewTime = new("--review-time") { Description = "The reviews' time column (ISO 8601, or --review-time-format).", DefaultValueFactory = _ => "time" };
    private static readonly Option<string?> ReviewTimeFormat = new("--review-time-format") { Description = "A NodaTime pattern for the reviews' local times in --time-zone." };
    private static readonly Option<string?> ReviewOrder = new("--review-order") { Description = "The reviews' order id column (as in --order)." };
    private static readonly Option<string?> ReviewCustomer = new("--review-customer") { Description = "The reviews' customer id column (as in --customer)." };
    private static readonly Option<string> ReviewScaleOption = CreateChoice("--review-scale", "The score scale: 1-5 gives CSAT (share of 4–5), 0-10 gives NPS; auto is 0-10 when a score is 0 or above 5.", "auto", "auto", "1-5", "0-10");
    private static readonly Option<int> RepurchaseDays = new("--repurchase-days") { Description = "The window of 'a second order within N days', for the repurchase rate by first-order score.", DefaultValueFactory = _ => 90 };

    /// <summary>The options the satisfaction figures are read with (also in the report).</summary>
    private static Option[] SatisfactionOptions => [Reviews, ReviewScore, ReviewTime, ReviewTimeFormat, ReviewOrder, ReviewCustomer, ReviewScaleOption, RepurchaseDays];

    private static int Satisfaction(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var result = ComputeSatisfaction(contents, parse) ?? throw new UsageException("'satisfaction' needs --reviews FILE.");
        SatisfactionOutput.Table(result, stdout);
        WriteJson(parse, json => SatisfactionOutput.Json(result, json));
        return Success;
    }

    /// <summary>Reads the reviews and computes the figures; null without --reviews.</summary>
    private static SatisfactionResult? ComputeSatisfaction(PurchaseFileContents contents, ParseResult parse)
    {
        if (parse.GetValue(Reviews) is not { } path)
        {
            return null;
        }

        var (order, customer) = (parse.GetValue(ReviewOrder), parse.GetValue(ReviewCustomer));
        if (order is null && customer is null)
        {
            throw new UsageException("--reviews needs --review-order, --review-customer or both: what each review is of.");
        }

        if (order is not null && contents.Table.Orders is null)
        {
            throw new UsageException("--review-order needs --order: reviews name orders of the purchases.");
        }

        var withinDays = parse.GetValue(RepurchaseDays);
        if (withinDays is < 1 or > 3650)
        {
            throw new UsageException("--repurchase-days must be from 1 to 3650.");
        }

        var zone = NodaTime.DateTimeZoneProviders.Tzdb[parse.GetValue(TimeZone)!];
        var times = new TimeReader(parse.GetValue(ReviewTimeFormat), zone);
        var reviews = ReviewsFile.Read(path, parse.GetValue(Delimiter)!, new ReviewColumns(parse.GetValue(ReviewScore)!, parse.GetValue(ReviewTime)!, order, customer), parse.GetValue(ReviewScaleOption)!, contents.Orders!, times);
        var grouping = parse.GetValue(Cohort) switch { "week" => CohortGrouping.IsoWeek, "month" => CohortGrouping.Month, _ => CohortGrouping.Day };
        var cohorts = SatisfactionAnalysis.ByCohort(contents.Table, reviews.Reviews, reviews.Scale, grouping);
        IReadOnlyList<SatisfactionRow>? segments = null;
        if (contents.Amounts is not null)
        {
            segments = SatisfactionAnalysis.ByGroup(reviews.Reviews, reviews.Scale, SegmentNames(contents.Table, contents.Amounts, contents.Table));
        }

        var asOf = ParseAsOf(parse.GetValue(AsOf));
        var byScore = SatisfactionAnalysis.RepurchaseByFirstScore(contents.Table, reviews.Reviews, reviews.Scale, withinDays, asOf);
        return new SatisfactionResult(reviews, cohorts, segments, byScore, withinDays);
    }
}

/// <summary>Satisfaction figures of one run: per cohort, per RFM segment (with amounts), and repurchase by first-order score.</summary>
internal sealed record SatisfactionResult(ReviewsFile.Contents Reviews, IReadOnlyList<SatisfactionRow> Cohorts, IReadOnlyList<SatisfactionRow>? Segments, IReadOnlyList<FirstOrderScoreRow> ByFirstScore, int WithinDays)
{
    /// <summary>Gets the measure's name: CSAT or NPS.</summary>
    public string Measure => Reviews.Scale == ReviewScale.OneToFive ? "CSAT" : "NPS";
}
