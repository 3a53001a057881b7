using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Analytics;
using Loyalty.Sdk.Analytics.Churn;

namespace Loyalty.Sdk.Cli;

/// <summary>Writes the supervised churn evaluation as a table and as JSON.</summary>
internal static class SupervisedChurnOutput
{
    public static void Table(SupervisedChurnEvaluation e, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Supervised churn: no purchase in the {e.HorizonDays} days after {e.Cutoff:yyyy-MM-dd}; trained on {e.TrainingRows:N0} rows at {string.Join(", ", e.TrainingCutoffs.Select(c => c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluated on {e.Customers:N0} customers, {e.Churned:N0} churned ({(double)e.Churned / e.Customers:0.0%}); model minus baseline with paired bootstrap 95% intervals"));
        output.WriteLine($"{"score",-8} {"ROC AUC",8} {"PR AUC",8} {"Brier",8}   {"Δ ROC AUC",-26} {"Δ PR AUC",-26} {"Δ Brier",-26}");
        foreach (var s in e.Scorers)
        {
            var isModel = s.Name == "model";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name,-8} {s.RocAuc,8:0.0000} {s.PrAuc,8:0.0000} {Number(s.Brier),8}   {(isModel ? "" : Format(s.RocAucDifference)),-26} {(isModel ? "" : Format(s.PrAucDifference)),-26} {(isModel ? "" : Format(s.BrierDifference)),-26}"));
        }

        foreach (var s in e.Scorers.Skip(1))
        {
            output.WriteLine(Verdict(s));
        }

        foreach (var note in e.Notes)
        {
            output.WriteLine("note: " + note);
        }

        output.WriteLine("calibration and lift by decile of predicted churn:");
        output.WriteLine("decile  customers  predicted  churned   lift");
        foreach (var b in e.Calibration)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{b.Bin,6}  {b.Customers,9:N0}  {b.MeanPredicted,9:0.000}  {b.Observed,7:0.000}  {b.Lift,5:0.00}"));
        }

        output.WriteLine("weights on standardised features: " + string.Join(", ", e.Features.Select((f, i) => string.Create(CultureInfo.InvariantCulture, $"{f} {e.Model.Weights[i]:+0.000;-0.000}"))));
    }

    /// <summary>Whether the model beats a baseline on ROC AUC, by its interval.</summary>
    public static string Verdict(ScorerComparison s) => (s.RocAucDifference switch
    {
        { Low: > 0 } => string.Create(CultureInfo.InvariantCulture, $"the model ranks churners better than {s.Name} (ROC AUC +{s.RocAucDifference.Mean:0.0000})"),
        { High: < 0 } => string.Create(CultureInfo.InvariantCulture, $"{s.Name} ranks churners better than the model (ROC AUC {-s.RocAucDifference.Mean:+0.0000}): use the simpler score"),
        _ => $"the model and {s.Name} cannot be told apart on ROC AUC here: the simpler score ranks as well",
    }) + s.BrierDifference switch
    {
        { Low: > 0 } => $"; {s.Name}'s probabilities are closer to the outcomes (lower Brier score).",
        { High: < 0 } => "; the model's probabilities are closer to the outcomes (lower Brier score).",
        _ => ".",
    };

    public static void Json(SupervisedChurnEvaluation e, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("cutoff", e.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("horizonDays", e.HorizonDays);
        json.WriteNumber("trainingRows", e.TrainingRows);
        json.WriteNumber("customers", e.Customers);
        json.WriteNumber("churned", e.Churned);
        JsonParts.Array(json, "scores", e.Scorers, static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            JsonParts.Number(w, "rocAuc", s.RocAuc);
            JsonParts.Number(w, "prAuc", s.PrAuc);
            JsonParts.Number(w, "brier", s.Brier);
            if (s.Name != "model")
            {
                JsonParts.Estimate(w, "rocAucDifference", s.RocAucDifference);
                JsonParts.Estimate(w, "prAucDifference", s.PrAucDifference);
                JsonParts.Estimate(w, "brierDifference", s.BrierDifference);
            }

            w.WriteEndObject();
        });
        JsonParts.Array(json, "calibration", e.Calibration, static (w, b) =>
        {
            w.WriteStartObject();
            w.WriteNumber("decile", b.Bin);
            w.WriteNumber("customers", b.Customers);
            w.WriteNumber("predicted", b.MeanPredicted);
            w.WriteNumber("churned", b.Observed);
            w.WriteNumber("lift", b.Lift);
            w.WriteEndObject();
        });
        json.WriteStartObject("weights");
        for (var i = 0; i < e.Features.Count; i++)
        {
            json.WriteNumber(e.Features[i], e.Model.Weights[i]);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Number(double value) => double.IsNaN(value) ? "—" : value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Format(Estimate e) => double.IsNaN(e.Mean) ? "—" : string.Create(CultureInfo.InvariantCulture, $"{e.Mean:+0.0000;-0.0000} [{e.Low:+0.0000;-0.0000}, {e.High:+0.0000;-0.0000}]");
}
