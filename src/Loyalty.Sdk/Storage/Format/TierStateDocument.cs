using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>A member's tier state: <c>{"tier","since" (µs),"enrolled","review"?,"floor"?,"buckets":[[start, points, "spend", orders]]}</c>.</summary>
internal sealed class TierStateDocument
{
    [JsonPropertyName("tier")]
    public string? Tier { get; set; }

    [JsonPropertyName("since")]
    public long Since { get; set; }

    [JsonPropertyName("enrolled")]
    public string? Enrolled { get; set; }

    [JsonPropertyName("review")]
    public string? Review { get; set; }

    [JsonPropertyName("floor")]
    public string? Floor { get; set; }

    [JsonPropertyName("buckets")]
    public List<BucketDocument>? Buckets { get; set; }
}
