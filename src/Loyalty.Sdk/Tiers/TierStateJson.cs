using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace Loyalty.Sdk.Tiers;

/// <summary>The storage form of a <see cref="TierState"/> (shared by the database adapters): compact JSON, decimals as strings, instants as Unix microseconds.</summary>
internal static class TierStateJson
{
    public static string ToJson(TierState? state)
    {
        if (state is null)
        {
            return string.Empty;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("tier", state.TierId);
            json.WriteNumber("since", state.Since.ToUnixTimeTicks() / 10);
            json.WriteString("enrolled", LocalDatePattern.Iso.Format(state.EnrolledOn));
            if (state.ReviewOn is { } review)
            {
                json.WriteString("review", LocalDatePattern.Iso.Format(review));
            }

            if (state.FloorTierId is { } floor)
            {
                json.WriteString("floor", floor);
            }

            json.WriteStartArray("buckets");
            foreach (var bucket in state.Buckets)
            {
                json.WriteStartArray();
                json.WriteStringValue(LocalDatePattern.Iso.Format(bucket.Start));
                json.WriteNumberValue(bucket.Points);
                json.WriteStringValue(bucket.Spend.ToString(CultureInfo.InvariantCulture));
                json.WriteNumberValue(bucket.Orders);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static TierState? FromJson(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var buckets = new List<QualifyingBucket>();
        foreach (var item in root.GetProperty("buckets").EnumerateArray())
        {
            buckets.Add(new QualifyingBucket(
                LocalDatePattern.Iso.Parse(item[0].GetString()!).Value,
                item[1].GetInt64(),
                decimal.Parse(item[2].GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
                item[3].GetInt32()));
        }

        return new TierState
        {
            TierId = root.GetProperty("tier").GetString()!,
            Since = Instant.FromUnixTimeTicks(root.GetProperty("since").GetInt64() * 10),
            EnrolledOn = LocalDatePattern.Iso.Parse(root.GetProperty("enrolled").GetString()!).Value,
            ReviewOn = root.TryGetProperty("review", out var review) ? LocalDatePattern.Iso.Parse(review.GetString()!).Value : null,
            FloorTierId = root.TryGetProperty("floor", out var floor) ? floor.GetString() : null,
            Buckets = buckets,
        };
    }
}
