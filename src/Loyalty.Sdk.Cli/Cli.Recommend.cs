using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Analytics.Recommendations;
using Loyalty.Sdk.Analytics.Retention;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>recommend</c> subcommand: item-to-item recommendations per customer, or their evaluation.</summary>
internal static partial class Cli
{
    private static readonly Option<int> RecommendCount = new("--count") { Description = "Items per customer.", DefaultValueFactory = _ => 10 };
    private static readonly Option<string> Strategy = CreateChoice("--strategy", "item: similar to what the customer bought; popular: the same popular items for everyone; repeat: the customer's own items again.", "item", "item", "popular", "repeat");
    private static readonly Option<string> Similarity = CreateChoice("--similarity", "cosine (Amazon's item-to-item) or bm25 (big baskets weigh less).", "cosine", "cosine", "bm25");
    private static readonly Option<string> Basket = CreateChoice("--basket", "What counts as bought together: everything a customer bought, or one order.", "customer", "customer", "order");
    private static readonly Option<int> Neighbours = new("--neighbours") { Description = "Similar items kept per item.", DefaultValueFactory = _ => 50 };
    private static readonly Option<double> HalfLife = new("--half-life") { Description = "Days after which a purchase counts half (0: all purchases count the same).", DefaultValueFactory = _ => 90 };
    private static readonly Option<int> PopularDays = new("--popular-days") { Description = "The window in days whose buyers make an item popular (the fallback).", DefaultValueFactory = _ => 90 };
    private static readonly Option<bool> KeepBought = new("--keep-bought") { Description = "Recommend items the customer already bought too." };
    private static readonly Option<string?> Rebuyable = new("--rebuyable") { Description = "Items (comma-separated) recommended even when bought before: consumables." };
    private static readonly Option<string?> ForCustomers = new("--customers") { Description = "Only these customers (comma-separated ids); default every customer." };
    private static readonly Option<string?> EvaluateAt = new("--evaluate-at") { Description = "Evaluate instead: train up to this date (yyyy-MM-dd), test on purchases after it." };
    private static readonly Option<string?> TestEnd = new("--test-end") { Description = "The last day of the evaluation's test period (default: the last purchase date)." };
    private static readonly Option<int> Resamples = new("--resamples") { Description = "Bootstrap resamples of the evaluation's intervals.", DefaultValueFactory = _ => 1000 };

    /// <summary>The options of <c>recommend</c> beyond the input's.</summary>
    private static Option[] RecommendOptions => [AsOf, RecommendCount, Strategy, Similarity, Basket, Neighbours, HalfLife, PopularDays, KeepBought, Rebuyable, ForCustomers, EvaluateAt, TestEnd, Resamples, Json];

    private static int Recommend(PurchaseFileContents contents, ParseResult parse, TextWriter stdout)
    {
        var table = contents.Table;
        var (items, names) = (table.Categories!, table.CategoryNames!);
        var (count, neighbours, halfLife, popularDays) = (parse.GetValue(RecommendCount), parse.GetValue(Neighbours), parse.GetValue(HalfLife), parse.GetValue(PopularDays));
        if (count is < 1 or > 1000 || neighbours is < 1 or > 10_000 || !double.IsFinite(halfLife) || halfLife < 0 || popularDays is < 1 or > 36_500)
        {
            throw new UsageException("--count must be 1 to 1000, --neighbours 1 to 10000, --half-life finite and not negative, and --popular-days 1 to 36500.");
        }

        var similarity = new ItemSimilarityOptions
        {
            Kind = parse.GetValue(Similarity) == "bm25" ? ItemSimilarityKind.Bm25 : ItemSimilarityKind.Cosine,
            Scope = parse.GetValue(Basket) == "order" ? CoPurchaseScope.Order : CoPurchaseScope.Customer,
            Neighbours = neighbours,
        };
        var options = new RecommenderOptions
        {
            Count = count,
            HalfLifeDays = halfLife == 0 ? null : halfLife,
            PopularityWindowDays = popularDays,
            ExcludeBought = !parse.GetValue(KeepBought),
            Strategy = parse.GetValue(Strategy) switch { "popular" => RecommendationStrategy.Popularity, "repeat" => RecommendationStrategy.PersonalRepeat, _ => RecommendationStrategy.ItemToItem },
            Rebuyable = parse.GetValue(Rebuyable) is { } rebuy ? ItemIndexes(rebuy, names).ToHashSet() : null,
        };
        if (ParseAsOf(parse.GetValue(EvaluateAt)) is { } cutoff)
        {
            var testEnd = ParseAsOf(parse.GetValue(TestEnd)) ?? PurchaseTable.DateOf(table.Days.Max());
            if (testEnd <= cutoff || parse.GetValue(Resamples) is < 10 or > 100_000)
            {
                throw new UsageException("--test-end must be after --evaluate-at, and --resamples 10 to 100000.");
            }

            var evaluation = RecommendationEvaluator.Evaluate(table, items, table.CategoryCount, cutoff, testEnd, similarity, options, parse.GetValue(Resamples));
            RecommendationOutput.Evaluation(evaluation, similarity, stdout);
            WriteJson(parse, stream => RecommendationOutput.EvaluationJson(evaluation, stream));
            return Success;
        }

        similarity = similarity with { AsOf = ParseAsOf(parse.GetValue(AsOf)) };
        var model = options.Strategy == RecommendationStrategy.ItemToItem ? ItemNeighbours.Build(table, items, table.CategoryCount, similarity) : null;
        var recommender = ItemRecommender.Create(table, items, table.CategoryCount, model, options with { AsOf = similarity.AsOf });
        var customers = parse.GetValue(ForCustomers) is { } ids ? CustomerIndexes(ids, table.CustomerIds!) : null;
        using var file = parse.GetValue(Json) is { } path ? File.Create(path) : null;
        using var json = file is null ? null : new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        json?.WriteStartObject();
        json?.WriteStartArray("customers");
        stdout.WriteLine("customer,rank,item,score,source");
        foreach (var member in recommender.RecommendAll(customers))
        {
            var customer = table.CustomerIds!.Decode(member.Customer);
            json?.WriteStartObject();
            json?.WriteString("customer", customer);
            json?.WriteStartArray("items");
            for (var rank = 0; rank < member.Items.Count; rank++)
            {
                var r = member.Items[rank];
                var source = r.Source.ToString().ToLowerInvariant();
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Csv(customer)},{rank + 1},{Csv(names.Decode(r.Item))},{r.Score:0.######},{source}"));
                json?.WriteStartObject();
                json?.WriteString("item", names.Decode(r.Item));
                json?.WriteNumber("score", Math.Round(r.Score, 6));
                json?.WriteString("source", source);
                json?.WriteEndObject();
            }

            json?.WriteEndArray();
            json?.WriteEndObject();
        }

        json?.WriteEndArray();
        json?.WriteEndObject();
        return Success;
    }

    private static IEnumerable<int> ItemIndexes(string list, IdEncoder names) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(id => names.TryGetIndex(id, out var i) ? i : -1).Where(i => i >= 0);

    private static int[] CustomerIndexes(string list, IdEncoder ids) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => ids.TryGetIndex(id, out var i) ? i : throw new InputException($"--customers: '{id}' has no usable purchase in the input."))];

    /// <summary>A CSV field, quoted when it holds a comma, a quote or a line break.</summary>
    private static string Csv(string field) => field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
