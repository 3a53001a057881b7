using System.Text.Json.Serialization;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>A member's profile: <c>{"birthday"?,"zone"?,"enrolled"? (ticks)}</c>.</summary>
internal sealed class ProfileDocument
{
    [JsonPropertyName("birthday")]
    public string? Birthday { get; set; }

    [JsonPropertyName("zone")]
    public string? Zone { get; set; }

    [JsonPropertyName("enrolled")]
    public long? Enrolled { get; set; }
}
