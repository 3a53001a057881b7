using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Analytics.Satisfaction;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>satisfaction</c> subcommand's table and JSON.</summary>
internal static class SatisfactionOutput
{
    /// <summary>A score with its interval: <c>62.5% [58.1, 66.7]</c> for CSAT, <c>+31.0 [24.2, 37.5]</c> for NPS.</summary>
    public static string Score(SatisfactionRow row, ReviewScale scale) => row.Score is not { } s ? "–"
        : scale == ReviewScale.OneToFive
            ? string.Create(CultureInfo.InvariantCulture, $"{s:0.0}% [{row.Low:0.0}, {row.High:0.0}]")
            : string.Create(CultureInfo.InvariantCulture, $"{s:+0.0;-0.0;0.0} [{row.Low:0.0}, {row.High:0.0}]");

    /// <summary>A share with its interval.</summary>
    public static string Rate(FirstOrderScoreRow row) => row.Rate is not { } r ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{r:0.0%} [{row.Low:0.0%}, {row.High:0.0%}]");

    public static void Table(SatisfactionResult result, TextWriter output)
    {
        var reviews = result.Reviews;
        output.WriteLine($"reviews: {reviews.Reviews.Count:N0} of {reviews.Rows:N0} row(s) used; scale {(reviews.Scale == ReviewScale.OneToFive ? "1–5 (CSAT: share of 4–5)" : "0–10 (NPS: promoters 9–10 minus detractors 0–6)")}, 95% intervals");
        foreach (var (reason, count) in reviews.SetAside.OrderByDescending(r => r.Value).ThenBy(r => r.Key, System.StringComparer.Ordinal))
        {
            output.WriteLine($"  set aside: {reason}: {count:N0}");
        }

        Rows("cohort", result.Cohorts, reviews.Scale, output);
        if (result.Segments is { } segments)
        {
            output.WriteLine();
            Rows("RFM segment", segments, reviews.Scale, output);
        }

        output.WriteLine();
        output.WriteLine($"first-order score  customers  second order within {result.WithinDays} days");
        foreach (var row in result.ByFirstScore)
        {
            output.WriteLine($"{(row.Score is { } s ? s.ToString(CultureInfo.InvariantCulture) : "no review"),-17}  {row.Customers,9:N0}  {Rate(row)} ({row.Repurchased:N0})");
        }
    }

    public static void Json(SatisfactionResult result, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("scale", result.Reviews.Scale == ReviewScale.OneToFive ? "1-5" : "0-10");
        json.WriteString("measure", result.Measure);
        json.WriteNumber("reviewRows", result.Reviews.Rows);
        json.WriteNumber("reviews", result.Reviews.Reviews.Count);
        json.WriteStartObject("setAside");
        foreach (var (reason, count) in result.Reviews.SetAside)
        {
            json.WriteNumber(reason, count);
        }

        json.WriteEndObject();
        JsonParts.Array(json, "cohorts", result.Cohorts.Take(result.Cohorts.Count - 1), Group);
        if (result.Segments is { } segments)
        {
            JsonParts.Array(json, "segments", segments.Take(segments.Count - 1), Group);
        }

        json.WritePropertyName("overall");
        Group(json, result.Cohorts[^1]);
        json.WriteNumber("repurchaseWithinDays", result.WithinDays);
        JsonParts.Array(json, "byFirstOrderScore", result.ByFirstScore, static (writer, row) =>
        {
            writer.WriteStartObject();
            if (row.Score is { } s)
            {
                writer.WriteNumber("score", s);
            }
            else
            {
                writer.WriteNull("score");
            }

            writer.WriteNumber("customers", row.Customers);
            writer.WriteNumber("repurchased", row.Repurchased);
            JsonParts.Number(writer, "rate", Rounded(row.Rate));
            JsonParts.Number(writer, "low", Rounded(row.Low));
            JsonParts.Number(writer, "high", Rounded(row.High));
            writer.WriteEndObject();
        });
        json.WriteEndObject();
    }

    private static void Rows(string title, IReadOnlyList<SatisfactionRow> rows, ReviewScale scale, TextWriter output)
    {
        var (positive, neutral, negative) = scale == ReviewScale.OneToFive ? ("4–5", "3", "1–2") : ("promoters", "passives", "detractors");
        output.WriteLine($"{title,-22}  {"reviews",8}  {positive,10}  {neutral,9}  {negative,10}  {(scale == ReviewScale.OneToFive ? "CSAT" : "NPS")}");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Group,-22}  {row.Reviews,8:N0}  {row.Positive,10:N0}  {row.Neutral,9:N0}  {row.Negative,10:N0}  {Score(row, scale)}");
        }
    }

    private static void Group(Utf8JsonWriter json, SatisfactionRow row)
    {
        json.WriteStartObject();
        json.WriteString("group", row.Group);
        json.WriteNumber("reviews", row.Reviews);
        json.WriteNumber("positive", row.Positive);
        json.WriteNumber("neutral", row.Neutral);
        json.WriteNumber("negative", row.Negative);
        JsonParts.Number(json, "score", Rounded(row.Score));
        JsonParts.Number(json, "low", Rounded(row.Low));
        JsonParts.Number(json, "high", Rounded(row.High));
        json.WriteEndObject();
    }

    private static double? Rounded(double? value) => value is { } v ? System.Math.Round(v, 6) : null;
}
