using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Rounds.Web.Infrastructure;

/// <summary>Runs a request's data annotations and returns errors keyed by the JSON (camelCase) field name.</summary>
public static class Validation
{
    public static Dictionary<string, string[]> Check(object request)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        return results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : [""]).Select(m => (Field: JsonNamingPolicy.CamelCase.ConvertName(m), r.ErrorMessage ?? "Invalid.")))
            .GroupBy(x => x.Field)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Item2).ToArray());
    }

    public static void Add(this Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
