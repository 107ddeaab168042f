using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace Rounds.Web.Infrastructure;

/// <summary>Runs a request's data annotations and returns errors keyed by the JSON (camelCase) field name.</summary>
public static class Validation
{
    public static Dictionary<string, string[]> Check(object request)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        // A record's positional parameter keeps its attributes ([MaxLength] …) on the parameter, where the validator does not look.
        var type = request.GetType();
        foreach (var parameter in type.GetConstructors().SelectMany(c => c.GetParameters()))
        {
            var attributes = parameter.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
            if (attributes.Length == 0 || type.GetProperty(parameter.Name!) is not { } property || property.GetCustomAttributes<ValidationAttribute>().Any()) continue;
            Validator.TryValidateValue(property.GetValue(request), new ValidationContext(request) { MemberName = property.Name, DisplayName = property.Name },
                results, attributes);
        }
        return results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : [""]).Select(m => (Field: JsonNamingPolicy.CamelCase.ConvertName(m), r.ErrorMessage ?? "Invalid.")))
            .GroupBy(x => x.Field)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Item2).ToArray());
    }

    public static void Add(this Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
