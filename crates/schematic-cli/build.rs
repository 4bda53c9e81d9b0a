//! On Windows, gives `schematic.exe` what Explorer and IT inventory tools
//! read: product name, version, publisher, description and the icon (the
//! app gets the same from tauri-build). Nothing to do elsewhere.

fn main() {
    let icone = "../../src-tauri/icons/icon.ico";
    println!("cargo:rerun-if-changed={icone}");
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut ressource = tauri_winres::WindowsResource::new();
    ressource
        .set_icon(icone)
        .set("ProductName", "SchémaTIC")
        .set("FileDescription", "SchémaTIC — ligne de commande")
        .set("CompanyName", "SchémaTIC")
        .set("LegalCopyright", "© 2026 les auteurs de SchémaTIC — licence EUPL-1.2")
        .set("OriginalFilename", "schematic.exe")
        // French (France).
        .set_language(0x040C);
    if let Err(e) = ressource.compile() {
        panic!("the Windows resource of schematic.exe cannot be compiled: {e}");
    }
}
