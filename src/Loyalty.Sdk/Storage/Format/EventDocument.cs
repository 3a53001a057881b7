using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Loyalty.Sdk.Events;

namespace Loyalty.Sdk.Storage.Format;

/// <summary>
/// An outbox event as a store keeps it: the event's JSON (<see cref="LoyaltyEvent.ToJson"/>) without what the row or
/// the event id already says. The program is the row's; the member and the command key are inside the event id
/// (<c>{member length}:{member}/{key}#{n}</c>); null properties are left out. About 40% of the bytes of the full form.
/// Reading fills them back, and also reads the full form stores wrote before.
/// </summary>
internal static class EventDocument
{
    private static readonly JsonSerializerOptions Compact = Options("programId", "memberId", "commandKey");

    /// <summary>For an event whose id does not name its member and key (none the engine writes): only the program goes.</summary>
    private static readonly JsonSerializerOptions WithoutProgram = Options("programId");

    public static string Write(LoyaltyEvent e) =>
        JsonSerializer.Serialize(e, TrySplit(e.EventId, out var member, out var key) && member == e.MemberId && key == e.CommandKey ? Compact : WithoutProgram);

    public static LoyaltyEvent Read(ProgramId programId, string text)
    {
        var e = LoyaltyEvent.FromJson(text);
        if (e.ProgramId.Length == 0)
        {
            e.ProgramId = programId.Value;
        }

        if (e.MemberId.Length == 0 || e.CommandKey.Length == 0)
        {
            (e.MemberId, e.CommandKey) = Split(e.EventId);
        }

        return e;
    }

    /// <summary>The member and the command key an event id names.</summary>
    private static (string Member, string Key) Split(string eventId) =>
        TrySplit(eventId, out var member, out var key) ? (member, key) : throw new JsonException($"The stored event id '{eventId}' does not name a member and a key.");

    private static bool TrySplit(string eventId, out string member, out string key)
    {
        (member, key) = (string.Empty, string.Empty);
        var colon = eventId.IndexOf(':', StringComparison.Ordinal);
        var hash = eventId.LastIndexOf('#');
        if (colon <= 0 || hash < 0 || !int.TryParse(eventId.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length > hash - colon - 2 || eventId[colon + 1 + length] != '/')
        {
            return false;
        }

        (member, key) = (eventId.Substring(colon + 1, length), eventId[(colon + 2 + length)..hash]);
        return true;
    }

    private static JsonSerializerOptions Options(params string[] leftOut) => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                type =>
                {
                    if (typeof(LoyaltyEvent).IsAssignableFrom(type.Type))
                    {
                        for (var i = type.Properties.Count - 1; i >= 0; i--)
                        {
                            if (Array.IndexOf(leftOut, type.Properties[i].Name) >= 0)
                            {
                                type.Properties.RemoveAt(i);
                            }
                        }
                    }
                },
            },
        },
    };
}
