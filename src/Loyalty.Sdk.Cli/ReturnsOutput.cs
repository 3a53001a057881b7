using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Loyalty.Sdk.Analytics.Returns;

namespace Loyalty.Sdk.Cli;

/// <summary>The <c>returns</c> subcommand's tables and JSON.</summary>
internal static class ReturnsOutput
{
    public static void Table(string title, IReadOnlyList<ReturnRateRow> rows, TextWriter output)
    {
        output.WriteLine($"{title,-22} {"customers",10} {"orders",9} {"returns",8} {"per order",10} {"amount",14} {"returned",12} {"share",7}");
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Group,-22} {row.Customers,10:N0} {row.Orders,9:N0} {row.ReturnedOrders,8:N0} {Rate(row.OrderRate),10} {row.Amount,14:N2} {row.ReturnedAmount,12:N2} {Rate((double?)row.AmountRate),7}"));
        }
    }

    public static void Json(IReadOnlyList<ReturnRateRow> cohorts, IReadOnlyList<ReturnRateRow>? segments, long unmatched, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        JsonParts.Array(json, "cohorts", cohorts.Take(cohorts.Count - 1), Row);
        if (segments is not null)
        {
            JsonParts.Array(json, "segments", segments.Take(segments.Count - 1), Row);
        }

        json.WritePropertyName("overall");
        Row(json, cohorts[^1]);
        json.WriteNumber("unmatchedReturnRows", unmatched);
        json.WriteEndObject();
    }

    private static void Row(Utf8JsonWriter json, ReturnRateRow row)
    {
        json.WriteStartObject();
        json.WriteString("group", row.Group);
        json.WriteNumber("customers", row.Customers);
        json.WriteNumber("orders", row.Orders);
        json.WriteNumber("amount", row.Amount);
        json.WriteNumber("returnedOrders", row.ReturnedOrders);
        json.WriteNumber("returnedAmount", row.ReturnedAmount);
        JsonParts.Number(json, "orderRate", row.OrderRate);
        JsonParts.Number(json, "amountRate", row.AmountRate);

        json.WriteEndObject();
    }

    private static string Rate(double? rate) => rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "–";
}
