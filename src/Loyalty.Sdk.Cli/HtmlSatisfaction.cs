using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Loyalty.Sdk.Analytics.Satisfaction;

namespace Loyalty.Sdk.Cli;

/// <summary>The report's satisfaction section: the overall score, per cohort and segment, and repurchase by first-order score.</summary>
internal static class HtmlSatisfaction
{
    public static void Section(StringBuilder html, SatisfactionResult result)
    {
        var scale = result.Reviews.Scale;
        var overall = result.Cohorts[^1];
        html.AppendLine($"<h2>Satisfaction ({result.Measure}, {(scale == ReviewScale.OneToFive ? "scores 1–5" : "scores 0–10")})</h2><div class=\"figures\" id=\"satisfaction\">");
        html.AppendLine($"<div class=\"figure\"><b>{WebUtility.HtmlEncode(SatisfactionOutput.Score(overall, scale))}</b>{result.Measure} overall, 95% interval</div>");
        html.AppendLine($"<div class=\"figure\"><b>{overall.Reviews:N0}</b>reviews used of {result.Reviews.Rows:N0}</div>");
        html.AppendLine("</div>");
        Table(html, "satisfaction-cohorts", "cohort", result.Cohorts, scale);
        if (result.Segments is { } segments)
        {
            Table(html, "satisfaction-segments", "RFM segment", segments, scale);
        }

        // Repurchase by first-order score: one bar per score, with its interval as a whisker.
        var rows = result.ByFirstScore.Where(r => r.Rate is not null).ToList();
        html.AppendLine($"<h3>Second order within {result.WithinDays} days, by the score of the first order</h3>");
        if (rows.Count == 0)
        {
            html.AppendLine("<p class=\"muted\">No customer's window is wholly observed yet.</p>");
            return;
        }

        const int Width = 440;
        html.AppendLine($"<svg id=\"repurchase-by-score\" width=\"{Width + 260}\" height=\"{(rows.Count * 22) + 10}\" role=\"img\" aria-label=\"repurchase rate by first-order score\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = 5 + (i * 22);
            string X(double? share) => (90 + (Width * (share ?? 0))).ToString("0.#", CultureInfo.InvariantCulture);
            var label = row.Score is { } s ? $"score {s}" : "no review";
            html.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"<text x=\"0\" y=\"{y + 13}\" font-size=\"12\">{label}</text><rect x=\"90\" y=\"{y}\" width=\"{(Width * row.Rate!.Value):0.#}\" height=\"16\" fill=\"{(row.Score is null ? "#9aa5b1" : "#2078c8")}\"></rect>" +
                $"<line x1=\"{X(row.Low)}\" x2=\"{X(row.High)}\" y1=\"{y + 8}\" y2=\"{y + 8}\" stroke=\"#1d2733\"></line>" +
                $"<text x=\"{Width + 100}\" y=\"{y + 13}\" font-size=\"12\">{WebUtility.HtmlEncode(SatisfactionOutput.Rate(row))} of {row.Customers:N0}</text>"));
        }

        html.AppendLine("</svg>");
    }

    private static void Table(StringBuilder html, string id, string title, IReadOnlyList<SatisfactionRow> rows, ReviewScale scale)
    {
        var (positive, neutral, negative) = scale == ReviewScale.OneToFive ? ("4–5", "3", "1–2") : ("promoters", "passives", "detractors");
        html.AppendLine($"<table id=\"{id}\"><thead><tr><th class=\"cohort\">{title}</th><th>reviews</th><th>{positive}</th><th>{neutral}</th><th>{negative}</th><th>{(scale == ReviewScale.OneToFive ? "CSAT" : "NPS")} [95%]</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"<tr><td class=\"cohort\">{WebUtility.HtmlEncode(row.Group)}</td><td>{row.Reviews:N0}</td><td>{row.Positive:N0}</td><td>{row.Neutral:N0}</td><td>{row.Negative:N0}</td><td>{WebUtility.HtmlEncode(SatisfactionOutput.Score(row, scale))}</td></tr>"));
        }

        html.AppendLine("</tbody></table>");
    }
}
