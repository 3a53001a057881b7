using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Cli;

/// <summary>The report's supervised churn model: its scores beside the baselines, and its lift chart by decile.</summary>
internal static class HtmlChurnModel
{
    public static void Section(StringBuilder html, SupervisedChurnEvaluation e)
    {
        html.AppendLine(string.Create(CultureInfo.InvariantCulture, $"<h2>Churn model: who will not buy in the next {e.HorizonDays} days</h2>"));
        html.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"<p class=\"muted\">Logistic regression trained on {e.TrainingRows:N0} customer rows at earlier cutoffs, tested on the {e.Customers:N0} customers at {e.Cutoff:yyyy-MM-dd} ({(double)e.Churned / e.Customers:0%} did not buy again). Differences are the model minus the baseline, with paired bootstrap 95% intervals.</p>"));
        html.AppendLine("<table id=\"churn-model\"><thead><tr><th class=\"cohort\">score</th><th>ROC AUC</th><th>PR AUC</th><th>Brier</th><th>model − this, ROC AUC</th></tr></thead><tbody>");
        foreach (var s in e.Scorers)
        {
            var difference = s.Name == "model" ? "" : string.Create(CultureInfo.InvariantCulture, $"{s.RocAucDifference.Mean:+0.000;-0.000} [{s.RocAucDifference.Low:+0.000;-0.000}, {s.RocAucDifference.High:+0.000;-0.000}]");
            html.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"<tr><td class=\"cohort\">{WebUtility.HtmlEncode(s.Name)}</td><td>{s.RocAuc:0.000}</td><td>{s.PrAuc:0.000}</td><td>{(double.IsNaN(s.Brier) ? "–" : s.Brier.ToString("0.000", CultureInfo.InvariantCulture))}</td><td>{difference}</td></tr>"));
        }

        html.AppendLine("</tbody></table>");
        html.AppendLine("<ul class=\"muted\">" + string.Concat(e.Scorers.Skip(1).Select(s => "<li>" + WebUtility.HtmlEncode(SupervisedChurnOutput.Verdict(s)) + "</li>")) + "</ul>");

        // Lift by decile of predicted churn, highest first: how much likelier than average the customers there are to leave.
        var deciles = e.Calibration.Reverse().ToArray();
        var max = Math.Max(1.5, deciles.Max(d => double.IsNaN(d.Lift) ? 0 : d.Lift));
        const int height = 180;
        html.AppendLine($"<svg id=\"churn-lift\" width=\"760\" height=\"{height + 40}\" role=\"img\" aria-label=\"lift of the churn model by decile\">");
        for (var i = 0; i < deciles.Length; i++)
        {
            var d = deciles[i];
            var bar = (int)Math.Round(height * (double.IsNaN(d.Lift) ? 0 : d.Lift) / max);
            var x = 40 + (i * 70);
            html.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"<rect class=\"lift-bar\" x=\"{x}\" y=\"{10 + height - bar}\" width=\"50\" height=\"{bar}\" fill=\"#c2571a\"><title>decile {i + 1}: {d.Observed:0.0%} churned, predicted {d.MeanPredicted:0.0%}</title></rect><text x=\"{x + 25}\" y=\"{5 + height - bar}\" font-size=\"11\" text-anchor=\"middle\">{d.Lift:0.00}×</text><text x=\"{x + 25}\" y=\"{height + 25}\" font-size=\"11\" text-anchor=\"middle\">{i + 1}</text>"));
        }

        var one = 10 + height - (int)Math.Round(height / max);
        html.AppendLine($"<line x1=\"35\" x2=\"740\" y1=\"{one}\" y2=\"{one}\" stroke=\"#333\" stroke-dasharray=\"4 3\"></line><text x=\"0\" y=\"{one + 4}\" font-size=\"11\">1×</text>");
        html.AppendLine($"<text x=\"40\" y=\"{height + 38}\" font-size=\"11\">deciles of predicted churn, highest first (lift = churn rate in the decile ÷ overall)</text></svg>");
    }
}
