using System.Text.Json;

namespace Rounds.Web.Features.Profiles;

public sealed record Specialty(string Code, string Name, string? ParentCode, string? ParentName, string Group, string Category)
{
    /// <summary>"Rheumatology (Internal Medicine)" for subspecialties, the name alone otherwise.</summary>
    public string Label => ParentName is null ? Name : $"{Name} ({ParentName})";
}

/// <summary>The specialty taxonomy shipped as data (specialties.json): ABMS boards plus nursing, pharmacy and allied health.</summary>
public sealed class SpecialtyTaxonomy
{
    public IReadOnlyList<Specialty> All { get; }
    private readonly Dictionary<string, Specialty> _byCode;

    public SpecialtyTaxonomy(IReadOnlyList<Specialty> all)
    {
        All = all;
        _byCode = all.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);
    }

    public Specialty? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var s) ? s : null;

    public static SpecialtyTaxonomy Load()
    {
        using var stream = typeof(SpecialtyTaxonomy).Assembly.GetManifestResourceStream("Rounds.Web.specialties.json")
            ?? throw new InvalidOperationException("specialties.json is not embedded.");
        var file = JsonSerializer.Deserialize<File>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var list = new List<Specialty>();
        foreach (var g in file.Groups)
            foreach (var s in g.Specialties)
            {
                list.Add(new Specialty(s.Code, s.Name, null, null, g.Name, g.Category));
                list.AddRange(s.Subspecialties.Select(x => new Specialty(x.Code, x.Name, s.Code, s.Name, g.Name, g.Category)));
            }
        return new SpecialtyTaxonomy(list);
    }

    private sealed record File(List<GroupEntry> Groups);
    private sealed record GroupEntry(string Name, string Category, List<Entry> Specialties);
    private sealed record Entry(string Code, string Name, List<Entry> Subspecialties);
}
