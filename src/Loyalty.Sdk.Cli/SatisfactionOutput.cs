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
        Groups(json, "cohorts", result.Cohorts.Take(result.Cohorts.Count - 1));
        if (result.Segments is { } segments)
        {
            Groups(json, "segments", segments.Take(segments.Count - 1));
        }

        json.WritePropertyName("overall");
        Group(json, result.Cohorts[^1]);
        json.WriteNumber("repurchaseWithinDays", result.WithinDays);
        json.WriteStartArray("byFirstOrderScore");
        foreach (var row in result.ByFirstScore)
        {
            json.WriteStartObject();
            if (row.Score is { } s)
            {
                json.WriteNumber("score", s);
            }
            else
            {
                json.WriteNull("score");
            }

            json.WriteNumber("customers", row.Customers);
            json.WriteNumber("repurchased", row.Repurchased);
            Number(json, "rate", row.Rate);
            Number(json, "low", row.Low);
            Number(json, "high", row.High);
            json.WriteEndObject();
        }

        json.WriteEndArray();
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

    private static void Groups(Utf8JsonWriter json, string name, IEnumerable<SatisfactionRow> rows)
    {
        json.WriteStartArray(name);
        foreach (var row in rows)
        {
            Group(json, row);
        }

        json.WriteEndArray();
    }

    private static void Group(Utf8JsonWriter json, SatisfactionRow row)
    {
        json.WriteStartObject();
        json.WriteString("group", row.Group);
        json.WriteNumber("reviews", row.Reviews);
        json.WriteNumber("positive", row.Positive);
        json.WriteNumber("neutral", row.Neutral);
        json.WriteNumber("negative", row.Negative);
        Number(json, "score", row.Score);
        Number(json, "low", row.Low);
        Number(json, "high", row.High);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, System.Math.Round(v, 6));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
