using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Loyalty.Sdk.Configuration;
using Microsoft.Extensions.Configuration;

namespace Loyalty.Sdk.DependencyInjection;

/// <summary>
/// What <c>services.AddLoyalty(o => …)</c> configures: the programs (tenants) and engine options. Programs are
/// built and validated together at start-up, and every problem of every program is reported in one exception.
/// </summary>
/// <remarks>This type is mutable and not thread-safe: it is configuration, read once when the engines are built.</remarks>
public sealed class LoyaltyOptions
{
    private readonly List<(string Source, Func<LoyaltyProgramBuilder> Create)> _programs = [];

    /// <summary>Gets or sets how many times a command is tried when concurrent commands change the same account.</summary>
    /// <value>The default is 16.</value>
    public int MaxConcurrencyAttempts { get; set; } = 16;

    /// <summary>Adds a program defined in code.</summary>
    /// <param name="configure">Sets the program's definition on a builder.</param>
    /// <returns>These options.</returns>
    public LoyaltyOptions AddProgram(Action<LoyaltyProgramBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _programs.Add(("code", () =>
        {
            var builder = new LoyaltyProgramBuilder();
            configure(builder);
            return builder;
        }));
        return this;
    }

    /// <summary>Adds a program that is already built.</summary>
    /// <param name="program">The program.</param>
    /// <returns>These options.</returns>
    public LoyaltyOptions AddProgram(LoyaltyProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        _programs.Add(("code", program.ToBuilder));
        return this;
    }

    /// <summary>Adds a program from its JSON definition (see <see cref="LoyaltyProgramJson"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>These options.</returns>
    public LoyaltyOptions AddProgramJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        _programs.Add(("JSON", () => LoyaltyProgramJson.ReadBuilder(json)));
        return this;
    }

    /// <summary>
    /// Adds the programs of a configuration section, such as <c>Loyalty:Programs</c> in <c>appsettings.json</c>:
    /// either one program definition or an array of them, in the same shape as the JSON definition.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <returns>These options.</returns>
    public LoyaltyOptions AddProgramsFromConfiguration(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var children = section.GetChildren().ToArray();
        var isArray = children.Length > 0 && children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        var path = section is IConfigurationSection s ? s.Path : "configuration";
        foreach (var (program, index) in (isArray ? children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Cast<IConfiguration>() : [section]).Select((p, i) => (p, i)))
        {
            var json = ToJson(program);
            _programs.Add((isArray ? $"{path}:{index}" : path, () => LoyaltyProgramJson.ReadBuilder(json, numbersAsText: true)));
        }

        return this;
    }

    /// <summary>Builds every program, collecting every problem (with the program it belongs to) before throwing.</summary>
    internal IReadOnlyList<LoyaltyProgram> BuildPrograms()
    {
        var errors = new List<string>();
        var programs = new List<LoyaltyProgram>();
        if (_programs.Count == 0)
        {
            errors.Add("No program is configured: call options.AddProgram(…) or AddProgramsFromConfiguration(…).");
        }

        for (var i = 0; i < _programs.Count; i++)
        {
            var (source, create) = _programs[i];
            try
            {
                programs.Add(create().Build());
            }
            catch (ProgramValidationException ex)
            {
                errors.AddRange(ex.Errors.Select(e => $"program {i + 1} ({source}): {e}"));
            }
        }

        // The same program added twice (AddLoyalty called twice) is harmless; two different ones with one id are not.
        var distinct = new List<LoyaltyProgram>();
        foreach (var group in programs.GroupBy(p => p.Id))
        {
            var definitions = group.Select(p => TrySerialize(p)).Distinct().ToArray();
            if (definitions.Length > 1 || definitions[0] is null && group.Count() > 1)
            {
                errors.Add($"Program id '{group.Key}' is configured {group.Count()} times with different definitions.");
            }

            distinct.Add(group.First());
        }

        if (MaxConcurrencyAttempts < 1)
        {
            errors.Add($"{nameof(MaxConcurrencyAttempts)}: {MaxConcurrencyAttempts} must be at least 1.");
        }

        if (errors.Count > 0)
        {
            throw new ProgramValidationException(errors);
        }

        return distinct;
    }

    private static string? TrySerialize(LoyaltyProgram program)
    {
        try
        {
            return LoyaltyProgramJson.Serialize(program);
        }
        catch (NotSupportedException)
        {
            return null; // a custom exchange-rate provider: not comparable as data
        }
    }

    /// <summary>
    /// Turns a configuration section into JSON: children with keys 0, 1, … become arrays, <c>true</c>/<c>false</c>
    /// become booleans, and other values stay strings (the definition reads numbers from strings).
    /// </summary>
    internal static string ToJson(IConfiguration section)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, section);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());

        static void Write(Utf8JsonWriter json, IConfiguration node)
        {
            var children = node.GetChildren().ToArray();
            if (children.Length == 0)
            {
                var value = (node as IConfigurationSection)?.Value;
                if (value is null)
                {
                    json.WriteNullValue();
                }
                else if (bool.TryParse(value, out var flag))
                {
                    json.WriteBooleanValue(flag);
                }
                else
                {
                    json.WriteStringValue(value);
                }

                return;
            }

            if (children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                json.WriteStartArray();
                foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
                {
                    Write(json, child);
                }

                json.WriteEndArray();
                return;
            }

            json.WriteStartObject();
            foreach (var child in children)
            {
                json.WritePropertyName(child.Key);
                Write(json, child);
            }

            json.WriteEndObject();
        }
    }
}
