using System.Text.Json.Serialization;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>One qualifying bucket, written as a four-element array.</summary>
[JsonConverter(typeof(BucketDocumentConverter))]
internal sealed record BucketDocument(string Start, long Points, string Spend, int Orders);
