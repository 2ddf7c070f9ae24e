import Testing
import DumpAnalysis

/// The standard library's templates shortened in findings (``ReadableTypeNames``).
@Suite struct ReadableTypeNamesTests {
    @Test(arguments: [
        ("parse_config_line(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&, int)",
         "parse_config_line(std::string const&, int)"),
        ("render::TextureCache::warm(std::vector<int, std::allocator<int> > const&)", "render::TextureCache::warm(std::vector<int> const&)"),
        ("f(std::vector<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::allocator<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > > >&)",
         "f(std::vector<std::string>&)"),
        ("g(std::map<int, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::less<int>, std::allocator<std::pair<int const, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > > > > const&)",
         "g(std::map<int, std::string> const&)"),
        ("h(std::basic_string_view<char, std::char_traits<char> >, std::__cxx11::basic_string<wchar_t, std::char_traits<wchar_t>, std::allocator<wchar_t> >)",
         "h(std::string_view, std::wstring)"),
        ("std::unique_ptr<Node, std::default_delete<Node> >::reset(Node*)", "std::unique_ptr<Node>::reset(Node*)"),
        // A custom allocator or comparator is kept.
        ("k(std::vector<int, my_alloc<int> >)", "k(std::vector<int, my_alloc<int> >)"),
        ("m(std::set<int, by_size, std::allocator<int> >)", "m(std::set<int, by_size>)"),
        // Operators, lambdas and plain C names are left alone.
        ("Matrix::operator<<(int)", "Matrix::operator<<(int)"),
        ("operator<(A const&, A const&)", "operator<(A const&, A const&)"),
        ("Iter::operator->() const", "Iter::operator->() const"),
        ("run()::{lambda(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&)#1}::operator()(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&) const",
         "run()::{lambda(std::string const&)#1}::operator()(std::string const&) const"),
        ("warm_up_model_cache", "warm_up_model_cache"),
        // Unbalanced: unchanged.
        ("broken<int, std::allocator<int>", "broken<int, std::allocator<int>"),
        ("x>y(", "x>y("),
    ])
    func shortened(full: String, short: String) {
        #expect(ReadableTypeNames.shortened(full) == short)
    }

    @Test func deepOrHugeNamesAreLeftAlone() {
        let deep = String(repeating: "a<", count: 200) + String(repeating: ">", count: 200)
        #expect(ReadableTypeNames.shortened(deep) == deep)
        let huge = "f(" + String(repeating: "std::vector<int, std::allocator<int> >, ", count: 400) + ")"
        #expect(ReadableTypeNames.shortened(huge) == huge)
    }
}
