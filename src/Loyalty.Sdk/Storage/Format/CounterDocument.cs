using System.Text.Json.Serialization;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>One counter, written as <c>[name, "yyyy-MM-dd" or null, value]</c>.</summary>
[JsonConverter(typeof(CounterDocumentConverter))]
internal sealed record CounterDocument(string Name, string? PeriodStart, long Value);
