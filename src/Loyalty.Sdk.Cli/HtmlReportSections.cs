using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Loyalty.Sdk.Analytics.Reactivation;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Returns;

namespace Loyalty.Sdk.Cli;

/// <summary>The report's sections beyond the heatmap: retention curves, returns and reactivation (inline SVG and tables).</summary>
internal static class HtmlReportSections
{
    private static readonly string[] Palette = ["#2078c8", "#e07b39", "#3a9b5c", "#9b59b6", "#c0392b", "#16a085", "#7f8c8d", "#d4ac0d"];

    /// <summary>Retention rate by day since the first purchase: one line per cohort (the last eight), and overall in black.</summary>
    public static void RetentionCurves(StringBuilder html, RetentionReport retention)
    {
        if (retention.Days.Count < 2)
        {
            return;
        }

        const int Width = 640, Height = 260, Left = 50, Bottom = 30;
        var maxDay = retention.Days.Max();
        var maxRate = Math.Max(0.05, retention.Cohorts.SelectMany(c => c.Cells).Where(c => c is not null).Select(c => c!.Value.Rate).DefaultIfEmpty(0).Max());
        double X(int day) => Left + ((Width - Left - 10) * (double)day / maxDay);
        double Y(double rate) => (Height - Bottom) - ((Height - Bottom - 10) * rate / maxRate);
        string Points(IEnumerable<(int Day, double Rate)> points) => string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.Day):0.#},{Y(p.Rate):0.#}")));

        html.AppendLine("<h2>Retention curves</h2>");
        html.AppendLine($"<svg id=\"retention-curves\" width=\"{Width + 170}\" height=\"{Height}\" role=\"img\" aria-label=\"retention rate by day since the first purchase, per cohort\">");
        html.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width}\" y2=\"{Height - Bottom}\" stroke=\"#999\"/><line x1=\"{Left}\" y1=\"10\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#999\"/>"));
        foreach (var day in retention.Days)
        {
            html.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{X(day):0.#}\" y=\"{Height - 10}\" font-size=\"11\" text-anchor=\"middle\">D{day}</text>"));
        }

        html.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"16\" font-size=\"11\">{maxRate:0%}</text><text x=\"0\" y=\"{Height - Bottom}\" font-size=\"11\">0%</text>"));
        var cohorts = retention.Cohorts.TakeLast(Palette.Length).ToList();
        for (var i = 0; i < cohorts.Count; i++)
        {
            var points = cohorts[i].Cells.Select((c, k) => (Cell: c, Day: retention.Days[k])).Where(p => p.Cell is not null).Select(p => (p.Day, p.Cell!.Value.Rate)).ToList();
            if (points.Count > 0)
            {
                html.AppendLine($"<polyline class=\"cohort-curve\" fill=\"none\" stroke=\"{Palette[i]}\" stroke-width=\"1.5\" points=\"{Points(points)}\"><title>{NodaTime.Text.LocalDatePattern.Iso.Format(cohorts[i].Cohort)}</title></polyline>");
                html.AppendLine($"<text x=\"{Width + 10}\" y=\"{20 + (i * 16)}\" font-size=\"11\" fill=\"{Palette[i]}\">{NodaTime.Text.LocalDatePattern.Iso.Format(cohorts[i].Cohort)}</text>");
            }
        }

        var overall = retention.Overall.Select((c, k) => (Cell: c, Day: retention.Days[k])).Where(p => p.Cell is not null).Select(p => (p.Day, p.Cell!.Value.Rate)).ToList();
        html.AppendLine($"<polyline id=\"overall-curve\" fill=\"none\" stroke=\"#1d2733\" stroke-width=\"3\" points=\"{Points(overall)}\"><title>overall</title></polyline>");
        html.AppendLine($"<text x=\"{Width + 10}\" y=\"{20 + (cohorts.Count * 16)}\" font-size=\"11\" font-weight=\"bold\">overall</text>");
        html.AppendLine("</svg>");
    }

    /// <summary>Return rates per cohort: returns per order and the returned share of the amount.</summary>
    public static void Returns(StringBuilder html, IReadOnlyList<ReturnRateRow> rows)
    {
        static string Pct(double? rate) => rate is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "–";
        html.AppendLine("<h2>Returns and cancellations by cohort</h2>");
        html.AppendLine("<table id=\"returns\"><thead><tr><th class=\"cohort\">cohort</th><th>customers</th><th>orders</th><th>returns</th><th>per order</th><th>amount</th><th>returned</th><th>share</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"<tr><td class=\"cohort\">{WebUtility.HtmlEncode(row.Group)}</td><td>{row.Customers:N0}</td><td>{row.Orders:N0}</td><td>{row.ReturnedOrders:N0}</td><td>{Pct(row.OrderRate)}</td><td>{row.Amount:N2}</td><td>{row.ReturnedAmount:N2}</td><td>{Pct((double?)row.AmountRate)}</td></tr>"));
        }

        html.AppendLine("</tbody></table>");
    }

    /// <summary>Reactivation beside churn: dormant customers, how many came back, by month of return.</summary>
    public static void Reactivation(StringBuilder html, ReactivationReport report)
    {
        html.AppendLine($"<h2>Reactivation (dormant after {report.DormancyDays} days)</h2><div class=\"figures\" id=\"reactivation\">");
        html.AppendLine($"<div class=\"figure\"><b>{report.DormantCustomers:N0}</b>customers went dormant</div>");
        html.AppendLine($"<div class=\"figure\"><b>{report.ReactivatedCustomers:N0}</b>came back ({report.Reactivations:N0} returns)</div>");
        foreach (var window in report.Within)
        {
            var rate = window.Rate is { } r ? r.ToString("0.0%", CultureInfo.InvariantCulture) : "–";
            html.AppendLine($"<div class=\"figure\"><b>{rate}</b>back within {window.Days} days ({window.Reactivated:N0} of {window.Observable:N0})</div>");
        }

        html.AppendLine("</div>");
        if (report.ByMonth.Count == 0)
        {
            return;
        }

        var max = Math.Max(1, report.ByMonth.Max(m => m.Reactivations));
        html.AppendLine($"<svg id=\"reactivation-months\" width=\"720\" height=\"{(report.ByMonth.Count * 22) + 10}\" role=\"img\" aria-label=\"reactivations by month of return\">");
        for (var i = 0; i < report.ByMonth.Count; i++)
        {
            var month = report.ByMonth[i];
            var width = (int)Math.Round(440.0 * month.Reactivations / max);
            var y = (i * 22) + 5;
            html.AppendLine($"<text x=\"0\" y=\"{y + 13}\" font-size=\"12\">{month.Month.Year:D4}-{month.Month.Month:D2}</text><rect x=\"90\" y=\"{y}\" width=\"{width}\" height=\"16\" fill=\"#3a9b5c\"></rect><text x=\"{98 + width}\" y=\"{y + 13}\" font-size=\"12\">{month.Reactivations:N0}</text>");
        }

        html.AppendLine("</svg>");
    }
}
