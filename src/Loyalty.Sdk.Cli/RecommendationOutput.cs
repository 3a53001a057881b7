using System.Globalization;
using System.IO;
using System.Text.Json;
using Loyalty.Sdk.Analytics;
using Loyalty.Sdk.Analytics.Recommendations;

namespace Loyalty.Sdk.Cli;

/// <summary>Writes a recommendation evaluation as a table and as JSON.</summary>
internal static class RecommendationOutput
{
    public static void Evaluation(RecommendationEvaluation evaluation, ItemSimilarityOptions similarity, TextWriter stdout)
    {
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Trained up to {evaluation.Cutoff:yyyy-MM-dd}, tested {evaluation.Cutoff.PlusDays(1):yyyy-MM-dd} to {evaluation.TestEnd:yyyy-MM-dd}; ranked over all {evaluation.Items:N0} items ({similarity.Kind.ToString().ToLowerInvariant()} by {similarity.Scope.ToString().ToLowerInvariant()}); 95% per-user bootstrap intervals"));
        foreach (var protocol in evaluation.Protocols)
        {
            stdout.WriteLine();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(protocol.Protocol == EvaluationProtocol.AllPurchases ? "All test purchases" : "Only items new to the customer")} ({protocol.Users:N0} customers)"));
            stdout.WriteLine($"{"method",-16} {"HitRate@10",-26} {"Recall@10",-26} {"NDCG@10",-26} {"item NDCG minus this",-26}");
            foreach (var m in protocol.Methods)
            {
                stdout.WriteLine($"{Name(m.Strategy),-16} {Format(m.HitRate),-26} {Format(m.Recall),-26} {Format(m.Ndcg),-26} {(m.Strategy == RecommendationStrategy.ItemToItem ? "" : Format(m.NdcgDifference)),-26}");
            }
        }
    }

    public static void EvaluationJson(RecommendationEvaluation evaluation, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("cutoff", evaluation.Cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("testEnd", evaluation.TestEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("items", evaluation.Items);
        JsonParts.Array(json, "protocols", evaluation.Protocols, static (writer, protocol) =>
        {
            writer.WriteStartObject();
            writer.WriteString("protocol", protocol.Protocol == EvaluationProtocol.AllPurchases ? "all" : "new");
            writer.WriteNumber("customers", protocol.Users);
            JsonParts.Array(writer, "methods", protocol.Methods, static (w, m) =>
            {
                w.WriteStartObject();
                w.WriteString("method", Name(m.Strategy));
                JsonParts.Estimate(w, "hitRate", m.HitRate);
                JsonParts.Estimate(w, "recall", m.Recall);
                JsonParts.Estimate(w, "ndcg", m.Ndcg);
                JsonParts.Estimate(w, "itemNdcgMinusThis", m.NdcgDifference);
                w.WriteEndObject();
            });
            writer.WriteEndObject();
        });
        json.WriteEndObject();
    }

    private static string Name(RecommendationStrategy strategy) => strategy switch
    {
        RecommendationStrategy.ItemToItem => "item-to-item",
        RecommendationStrategy.Popularity => "popularity",
        _ => "personal repeat",
    };

    private static string Format(Estimate e) => string.Create(CultureInfo.InvariantCulture, $"{e.Mean:0.0000} [{e.Low:0.0000}, {e.High:0.0000}]");
}
