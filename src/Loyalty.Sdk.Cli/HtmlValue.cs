using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Loyalty.Sdk.Analytics.Retention;
using Loyalty.Sdk.Analytics.Rfm;
using Loyalty.Sdk.Analytics.Value;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// The report's customer-value parts: the CLV distribution, and the customers most at risk ranked by value at risk
/// (what a win-back campaign should reach first).
/// </summary>
internal static class HtmlValue
{
    /// <summary>The CLV distribution: customers and value per band of CLV (powers of ten), as a bar chart.</summary>
    public static void Distribution(StringBuilder html, IReadOnlyList<CustomerValue> values, int months)
    {
        var total = values.Sum(v => v.Clv);
        html.AppendLine($"<h2>Customer lifetime value ({months} months, MBG/NBD and Gamma-Gamma)</h2><div class=\"figures\" id=\"clv\">");
        html.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<div class=\"figure\"><b>{total:N0}</b>expected value of {values.Count:N0} customers</div>"));
        var top = values.OrderByDescending(v => v.Clv).Take(Math.Max(1, values.Count / 10)).Sum(v => v.Clv);
        html.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<div class=\"figure\"><b>{(total > 0 ? top / total : 0):0%}</b>of it in the top tenth of customers</div></div>"));
        var bands = new List<(string Label, int Customers, double Value)>();
        for (var upper = 1.0; ; upper *= 10)
        {
            var lower = upper / 10;
            var inBand = values.Where(v => upper == 1 ? v.Clv < 1 : v.Clv >= lower && v.Clv < upper).ToList();
            bands.Add((upper == 1 ? "under 1" : string.Create(CultureInfo.InvariantCulture, $"{lower:N0} to {upper:N0}"), inBand.Count, inBand.Sum(v => v.Clv)));
            if (values.All(v => v.Clv < upper))
            {
                break;
            }
        }

        var max = Math.Max(1, bands.Max(b => b.Customers));
        html.AppendLine($"<svg id=\"clv-distribution\" width=\"760\" height=\"{(bands.Count * 24) + 10}\" role=\"img\" aria-label=\"customers by CLV band\">");
        for (var i = 0; i < bands.Count; i++)
        {
            var (label, customers, value) = bands[i];
            var width = (int)Math.Round(400.0 * customers / max);
            var y = 5 + (i * 24);
            html.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"<text x=\"0\" y=\"{y + 14}\" font-size=\"12\">{label}</text><rect class=\"clv-band\" x=\"130\" y=\"{y}\" width=\"{width}\" height=\"18\" fill=\"#7a4fc2\"></rect><text x=\"{138 + width}\" y=\"{y + 14}\" font-size=\"12\">{customers:N0} customers, {value:N0}</text>"));
        }

        html.AppendLine("</svg>");
    }

    /// <summary>
    /// Whether the purchase model sees dropout at all: at least 1% of customers with P(alive) below 0.99. When its fit
    /// puts the dropout probability at zero (as on nine months of the online-retail export), every value at risk is 0.
    /// </summary>
    public static bool FindsDropout(IReadOnlyList<CustomerValue> values) => values.Count(v => v.ProbabilityAlive < 0.99) >= Math.Max(1, values.Count / 100);

    /// <summary>The customers with the most value at risk: CLV if still active × the probability they are not.</summary>
    public static void AtRisk(StringBuilder html, PurchaseTable table, IReadOnlyList<CustomerValue> values, RfmReport rfm)
    {
        var segments = rfm.Customers.ToDictionary(c => c.Customer);
        html.AppendLine("<h2>Most at risk among the best customers</h2>");
        html.AppendLine("<p class=\"muted\">Ranked by value at risk: the value a customer would bring if still active, times the probability they are not (MBG/NBD).</p>");
        html.AppendLine("<table id=\"churn\"><thead><tr><th class=\"cohort\">customer</th><th>value at risk</th><th>P(alive)</th><th>CLV</th><th>days since last order</th><th>orders</th><th>spend</th><th class=\"cohort\">segment</th></tr></thead><tbody>");
        foreach (var v in values.OrderByDescending(v => v.ValueAtRisk).ThenBy(v => v.Customer).Take(20))
        {
            var id = table.CustomerIds?.Decode(v.Customer) ?? v.Customer.ToString(CultureInfo.InvariantCulture);
            var rfmCells = segments.TryGetValue(v.Customer, out var c)
                ? string.Create(CultureInfo.InvariantCulture, $"<td>{c.RecencyDays:N0}</td><td>{c.Frequency:N0}</td><td>{c.Monetary:N2}</td><td class=\"cohort\">{WebUtility.HtmlEncode(c.Segment)}</td>")
                : "<td></td><td></td><td></td><td></td>";
            html.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"<tr><td class=\"cohort\">{WebUtility.HtmlEncode(id)}</td><td>{v.ValueAtRisk:N2}</td><td>{v.ProbabilityAlive:0.00}</td><td>{v.Clv:N2}</td>{rfmCells}</tr>"));
        }

        html.AppendLine("</tbody></table>");
    }
}
