using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Loyalty.Sdk.Configuration;

/// <summary>
/// Reads and writes loyalty programs as JSON (camelCase, enums as names, dates as ISO <c>yyyy-MM-dd</c>), so a host
/// can keep its programs in configuration. Unknown fields are errors, and every error names its field.
/// </summary>
/// <remarks>This type is thread-safe.</remarks>
public static class LoyaltyProgramJson
{
    /// <summary>Gets the serializer options used for program definitions.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Writes a program as indented JSON.</summary>
    /// <param name="program">The program.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="program"/> is null.</exception>
    /// <exception cref="NotSupportedException">The program's exchange rates are not a fixed table.</exception>
    public static string Serialize(LoyaltyProgram program) => JsonSerializer.Serialize(LoyaltyProgramDefinition.From(program), Options);

    /// <summary>
    /// Reads a program from JSON into a builder, to change before <see cref="LoyaltyProgramBuilder.Build"/> validates
    /// it (for example to set an exchange-rate provider that JSON cannot describe).
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ProgramValidationException">The JSON is malformed, has an unknown field or a value of the wrong type, or a nested rule is invalid; every problem names its field.</exception>
    public static LoyaltyProgramBuilder ReadBuilder(string json) => ReadDefinition(json, Options).ToBuilder();

    /// <summary>
    /// Reads a program into a builder from JSON converted from a text-only source such as <c>IConfiguration</c>, whose
    /// providers keep every value as text: there, and only through this method, numbers written as strings are read as numbers.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="numbersAsText">Whether numbers written as strings are accepted (<see langword="false"/> is <see cref="ReadBuilder(string)"/>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ProgramValidationException">The JSON is malformed, has an unknown field or a value of the wrong type, or a nested rule is invalid; every problem names its field.</exception>
    public static LoyaltyProgramBuilder ReadBuilder(string json, bool numbersAsText) =>
        ReadDefinition(json, numbersAsText ? ConfigurationOptions : Options).ToBuilder();

    /// <summary>Reads a program definition from JSON, without validating its values.</summary>
    internal static LoyaltyProgramDefinition ReadDefinition(string json) => ReadDefinition(json, Options);

    private static JsonSerializerOptions ConfigurationOptions { get; } = new(Options) { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    private static LoyaltyProgramDefinition ReadDefinition(string json, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<LoyaltyProgramDefinition>(json, options)
                ?? throw new ProgramValidationException(["$: the JSON is null, not a program definition."]);
        }
        catch (JsonException ex)
        {
            throw new ProgramValidationException([$"{ex.Path ?? "$"}: {FirstSentence(ex.Message)}"]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or InvalidOperationException or NodaTime.Utility.InvalidNodaDataException)
        {
            // A converter that failed without a JSON path (NodaTime text, enum or number conversions).
            throw new ProgramValidationException([$"$: {FirstSentence(ex.Message)}"]);
        }
    }

    /// <summary>Reads a program from JSON and validates it.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The program.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ProgramValidationException">The JSON or a value is invalid; every problem is listed with its field.</exception>
    public static LoyaltyProgram Parse(string json) => ReadBuilder(json).Build();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

            // The web defaults read "2" as 2; a definition's numbers are JSON numbers, and anything else is an error.
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..(cut + 1)] : message;
    }
}
