using System.Collections.Generic;
using System.Text.Json.Serialization;
using Loyalty.Sdk.Ledger;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>
/// The JSON documents of the storage format, with System.Text.Json source generation: no reflection at run time, and
/// the property names and shapes fixed here (a reader of version N reads every earlier version). Decimals are strings
/// so that they keep their scale; instants are Unix ticks or microseconds as each document has always written them.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict, Converters = [typeof(AccrualLineDocumentConverter)])]
[JsonSerializable(typeof(TierStateDocument))]
[JsonSerializable(typeof(ProfileDocument))]
[JsonSerializable(typeof(ClaimDocument))]
[JsonSerializable(typeof(List<CounterDocument>))]
[JsonSerializable(typeof(IReadOnlyList<AccrualLine>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
