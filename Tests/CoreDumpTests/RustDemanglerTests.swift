import Testing
@testable import CoreDump

/// Rust names from rustc 1.95's standard library (v0) and a program built with it (legacy),
/// as eu-stack printed them mangled, and RFC 2603's examples, against what binutils 2.40's
/// c++filt prints for them.
@Suite struct RustDemanglerTests {
    @Test func v0NamesAreDemangledWithTheirCrateHashes() {
        #expect(Demangler.demangle("_RNvMNtNtNtNtCsjrHSEGnQ3l9_3std3sys4sync5mutex5futexNtB2_5Mutex14lock_contended")
            == "<std[e28293b1aa0f68bd]::sys::sync::mutex::futex::Mutex>::lock_contended")
        #expect(Demangler.demangle("_RNvMNtNtNtNtCsjrHSEGnQ3l9_3std3sys4sync7condvar5futexNtB2_7Condvar4wait")
            == "<std[e28293b1aa0f68bd]::sys::sync::condvar::futex::Condvar>::wait")
        #expect(Demangler.demangle("_RNvMs_NtNtCsjrHSEGnQ3l9_3std6thread6threadNtB4_6Thread4park")
            == "<std[e28293b1aa0f68bd]::thread::thread::Thread>::park")
        #expect(Demangler.demangle("_RNvNvMs0_NtNtNtCsjrHSEGnQ3l9_3std3sys6thread4unixNtB7_6Thread3new12thread_start")
            == "<std[e28293b1aa0f68bd]::sys::thread::unix::Thread>::new::thread_start")
        #expect(Demangler.demangle("_RNvNtNtCsjrHSEGnQ3l9_3std6thread9functions5sleep") == "std[e28293b1aa0f68bd]::thread::functions::sleep")
    }

    @Test func v0GenericsClosuresAndTraitImplsAreDemangled() {
        // RFC 2603's examples.
        #expect(Demangler.demangle("_RNCNvCsgStHSCytQ6I_7mycrate4main0B3_") == "mycrate[c498bb9fafc482ea]::main::{closure#0}")
        #expect(Demangler.demangle("_RINvNtC3std3mem8align_ofjEC3foo") == "std[0]::mem::align_of::<usize>")
        #expect(Demangler.demangle("_RNvXCs4fqI2P2rA04_7mycrateNtB2_7ExampleNtNtCsaM4Av2wWxTQ_4core3fmt5Debug3fmt")
            == "<mycrate[317d481089b8c8fe]::Example as core[7d81f218afc2c4bc]::fmt::Debug>::fmt")
        #expect(Demangler.demangle("_RNvMCs4fqI2P2rA04_7mycrateINtB2_7ExampleRShE5first.llvm.123")
            == "<mycrate[317d481089b8c8fe]::Example<&[u8]>>::first")
    }

    @Test func legacyNamesHaveTheirEscapesDecoded() {
        #expect(Demangler.demangle("_ZN14rust_std_locks10post_entry17hf72b5450d208dd8eE") == "rust_std_locks::post_entry::hf72b5450d208dd8e")
        #expect(Demangler.demangle("_ZN3std4sync4mpmc4list16Channel$LT$T$GT$4recv28_$u7b$$u7b$closure$u7d$$u7d$17h0f59a84a394c04afE")
            == "std::sync::mpmc::list::Channel<T>::recv::{{closure}}::h0f59a84a394c04af")
        #expect(Demangler.demangle("_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h0ee1d5085229f35fE.llvm.2181256285299547406")
            == "std::rt::lang_start::{{closure}}::h0ee1d5085229f35f")
    }

    @Test func malformedAndHostileNamesStayMangled() {
        for name in ["_R", "_Rfoo", "_RNvC3std", "_RC99std", "_RNvCB_3foo", "_RC3stdX", "_R1C3std", "_RCu3abc",
                     "_RIC3std" + String(repeating: "I", count: 500), "_RNvCs_3std" + String(repeating: "B", count: 10)] {
            #expect(Demangler.demangle(name) == name, "\(name)")
        }
        // Each generic argument a pair of the one before, by back references: the output
        // would double 40 times; it ends at the output budget.
        var exploding = "INvC1a1bu"
        var previous = 8
        for _ in 0..<40 {
            let reference = "B" + base62(previous)
            previous = exploding.utf8.count
            exploding += "T" + reference + reference + "E"
        }
        #expect(Demangler.demangle("_R" + exploding + "E") == "_R" + exploding + "E")
    }

    /// RFC 2603's base-62 number: `_` for 0, else n - 1 in digits 0-9a-zA-Z and `_`.
    private func base62(_ number: Int) -> String {
        guard number > 0 else { return "_" }
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var value = number - 1
        var text = ""
        repeat {
            text = String(digits[value % 62]) + text
            value /= 62
        } while value > 0
        return text + "_"
    }
}
