using System.Text.Json.Serialization;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>A reward claim's body (program, member and key are columns); instants are Unix ticks.</summary>
internal sealed class ClaimDocument
{
    [JsonPropertyName("reward")]
    public string? Reward { get; set; }

    [JsonPropertyName("kind")]
    public int Kind { get; set; }

    [JsonPropertyName("status")]
    public int Status { get; set; }

    [JsonPropertyName("points")]
    public long Points { get; set; }

    [JsonPropertyName("cash")]
    public string? Cash { get; set; }

    [JsonPropertyName("currency")]
    public string? Currency { get; set; }

    [JsonPropertyName("stock")]
    public bool Stock { get; set; }

    [JsonPropertyName("at")]
    public long At { get; set; }

    [JsonPropertyName("period")]
    public string? Period { get; set; }

    [JsonPropertyName("redeem")]
    public long? Redeem { get; set; }

    [JsonPropertyName("closed")]
    public long? Closed { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("expires")]
    public long? Expires { get; set; }

    [JsonPropertyName("used")]
    public long? Used { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("quota")]
    public string? Quota { get; set; }
}
