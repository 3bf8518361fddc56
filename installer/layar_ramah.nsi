; Layar Ramah: the Windows installer (NSIS 3, Modern UI 2), in Indonesian.
;
; Built against the PyInstaller bundle by installer/build_installer.py, which passes the
; version from layar_ramah.__version__ (the one place it is written):
;   makensis -DVERSION=<x.y.z> -DDIST=<dist\LayarRamah> -DOUTDIR=<dist> installer\layar_ramah.nsi
;
; Per machine, into Program Files; shortcuts for all users. The office's data lives per
; user in %LOCALAPPDATA%\LayarRamah (or wherever a shortcut's --db points): the installer
; never writes there and the uninstaller never deletes it. An upgrade replaces the program
; files only; the app's migrations copy the database aside before they change it.

Unicode true
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!ifndef VERSION
  !error "VERSION is not defined: build with installer/build_installer.py"
!endif
!define ROOT "${__FILEDIR__}\.."
!ifndef DIST
  !define DIST "${ROOT}\dist\LayarRamah"
!endif
!ifndef OUTDIR
  !define OUTDIR "${ROOT}\dist"
!endif

!define APP "Layar Ramah"
!define SCREEN "Layar Ruang Tunggu"
!define EXE "LayarRamah.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LayarRamah"
!define ICON "${ROOT}\resources\icon\layar-ramah.ico"

Name "${APP} ${VERSION}"
OutFile "${OUTDIR}\LayarRamah-${VERSION}-setup.exe"
InstallDir "$PROGRAMFILES64\${APP}"
RequestExecutionLevel admin
!ifdef QUICK
  SetCompressor zlib  ; CI on Linux only proves the script compiles: seconds instead of minutes
!else
  SetCompressor /SOLID lzma
!endif
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=1057 "ProductName" "${APP}"
VIAddVersionKey /LANG=1057 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1057 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1057 "FileDescription" "Pemasang ${APP} ${VERSION}"
VIAddVersionKey /LANG=1057 "CompanyName" "${APP}"
VIAddVersionKey /LANG=1057 "LegalCopyright" "Lisensi MIT"

; --------------------------------------------------------------------------- pages
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC

!define MUI_WELCOMEPAGE_TEXT "Program ini memasang ${APP} ${VERSION} untuk semua pengguna komputer ini.$\r$\n$\r$\nBila versi lama sudah terpasang, program itu diganti; data kantor (basis data, cadangan, log) tidak disentuh.$\r$\n$\r$\nTutup Layar Ramah dan layar ruang tunggu sebelum melanjutkan."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
; explorer.exe starts the app as the signed-in user, not elevated like this installer:
; the data folder must be that user's %LOCALAPPDATA%, not the administrator's.
!define MUI_FINISHPAGE_RUN "$WINDIR\explorer.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "$\"$INSTDIR\${EXE}$\""
!define MUI_FINISHPAGE_RUN_TEXT "Jalankan ${APP} sekarang"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP} sudah dihapus"
!define MUI_FINISHPAGE_TEXT "Program ${APP} sudah dihapus dari komputer ini.$\r$\n$\r$\nData kantor TIDAK dihapus: basis data, cadangan, dan log tetap ada di folder %LOCALAPPDATA%\LayarRamah setiap pengguna Windows (dan di folder yang ditunjuk --db, bila dipakai). Memasang ${APP} lagi akan membuka data yang sama."
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "Indonesian"

; --------------------------------------------------------------------------- helpers
; A running program's .exe cannot be opened for writing: that is how we know it runs.
!macro WAIT_UNTIL_CLOSED un
Function ${un}WaitUntilClosed
  ${IfNot} ${FileExists} "$INSTDIR\${EXE}"
    Return
  ${EndIf}
  ${Do}
    ClearErrors
    FileOpen $0 "$INSTDIR\${EXE}" a
    ${IfNot} ${Errors}
      FileClose $0
      Return
    ${EndIf}
    ${If} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP} sedang berjalan (jendela loket atau layar ruang tunggu).$\r$\n$\r$\nTutup semua jendela ${APP} di komputer ini, lalu pilih Coba Lagi." /SD IDCANCEL IDCANCEL`
      Abort
    ${EndIf}
  ${Loop}
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_CLOSED ""
!insertmacro WAIT_UNTIL_CLOSED "un."

; A shortcut the office already has is kept as it is: it may carry --db.
!macro SHORTCUT LINK ARGS
  ${IfNot} ${FileExists} "${LINK}"
    CreateShortCut "${LINK}" "$INSTDIR\${EXE}" "${ARGS}" "$INSTDIR\${EXE}" 0
  ${EndIf}
!macroend

; --------------------------------------------------------------------------- sections
Section "${APP} (wajib)" SecApp
  SectionIn RO
  Call WaitUntilClosed
  SetShellVarContext all
  ; An upgrade: the old program files go (a bundle's files differ from version to version);
  ; only when this folder really holds Layar Ramah.
  ${If} ${FileExists} "$INSTDIR\${EXE}"
    DetailPrint "Mengganti versi lama di $INSTDIR"
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}
  SetOutPath "$INSTDIR"
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  CreateDirectory "$SMPROGRAMS\${APP}"
  !insertmacro SHORTCUT "$SMPROGRAMS\${APP}\${APP}.lnk" ""
  !insertmacro SHORTCUT "$SMPROGRAMS\${APP}\${SCREEN}.lnk" "--public-screen"

  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${APP}"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" "$\"$INSTDIR\${UNINSTALLER}$\""
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" "$\"$INSTDIR\${UNINSTALLER}$\" /S"
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

SectionGroup "Pintasan di desktop"
  Section "${APP}" SecDesktopApp
    !insertmacro SHORTCUT "$DESKTOP\${APP}.lnk" ""
  SectionEnd
  Section /o "${SCREEN}" SecDesktopScreen
    !insertmacro SHORTCUT "$DESKTOP\${SCREEN}.lnk" "--public-screen"
  SectionEnd
SectionGroupEnd

SectionGroup "Jalankan saat Windows menyala"
  Section /o "${APP} (komputer loket)" SecStartApp
    !insertmacro SHORTCUT "$SMSTARTUP\${APP}.lnk" ""
  SectionEnd
  Section /o "${SCREEN} (komputer TV)" SecStartScreen
    !insertmacro SHORTCUT "$SMSTARTUP\${SCREEN}.lnk" "--public-screen"
  SectionEnd
SectionGroupEnd

; What was unticked goes (after an upgrade the page shows what exists now).
Section "-remove unticked shortcuts"
  ${IfNot} ${SectionIsSelected} ${SecDesktopApp}
    Delete "$DESKTOP\${APP}.lnk"
  ${EndIf}
  ${IfNot} ${SectionIsSelected} ${SecDesktopScreen}
    Delete "$DESKTOP\${SCREEN}.lnk"
  ${EndIf}
  ${IfNot} ${SectionIsSelected} ${SecStartApp}
    Delete "$SMSTARTUP\${APP}.lnk"
  ${EndIf}
  ${IfNot} ${SectionIsSelected} ${SecStartScreen}
    Delete "$SMSTARTUP\${SCREEN}.lnk"
  ${EndIf}
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "Program ${APP} di Program Files, dengan pintasan ${APP} dan ${SCREEN} di menu Start."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktopApp} "Pintasan ${APP} di desktop semua pengguna."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktopScreen} "Pintasan ${SCREEN} (layar penuh, tanpa masuk) di desktop: untuk komputer TV ruang tunggu."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecStartApp} "${APP} terbuka sendiri setiap kali Windows menyala."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecStartScreen} "${SCREEN} terbuka sendiri, layar penuh, setiap kali Windows menyala: untuk komputer TV ruang tunggu."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; --------------------------------------------------------------------------- start
!macro SELECT_IF_EXISTS LINK SEC
  ${If} ${FileExists} "${LINK}"
    !insertmacro SelectSection ${SEC}
  ${ElseIf} ${FileExists} "$INSTDIR\${EXE}"
    !insertmacro UnselectSection ${SEC}  ; an upgrade: the office had removed it
  ${EndIf}
!macroend

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "${APP} memerlukan Windows 10 atau 11, 64-bit." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"  ; an upgrade goes where the old version is
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
  SetShellVarContext all
  !insertmacro SELECT_IF_EXISTS "$DESKTOP\${APP}.lnk" ${SecDesktopApp}
  !insertmacro SELECT_IF_EXISTS "$DESKTOP\${SCREEN}.lnk" ${SecDesktopScreen}
  !insertmacro SELECT_IF_EXISTS "$SMSTARTUP\${APP}.lnk" ${SecStartApp}
  !insertmacro SELECT_IF_EXISTS "$SMSTARTUP\${SCREEN}.lnk" ${SecStartScreen}
FunctionEnd

; --------------------------------------------------------------------------- uninstall
Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  Call un.WaitUntilClosed
  SetShellVarContext all
  Delete "$SMPROGRAMS\${APP}\${APP}.lnk"
  Delete "$SMPROGRAMS\${APP}\${SCREEN}.lnk"
  RMDir "$SMPROGRAMS\${APP}"
  Delete "$DESKTOP\${APP}.lnk"
  Delete "$DESKTOP\${SCREEN}.lnk"
  Delete "$SMSTARTUP\${APP}.lnk"
  Delete "$SMSTARTUP\${SCREEN}.lnk"
  ; The program's own files only. Never RMDir /r "$INSTDIR", never %LOCALAPPDATA%: the
  ; office's database, backups and log stay where they are.
  ${If} ${FileExists} "$INSTDIR\${EXE}"
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"  ; only when empty
  DeleteRegKey HKLM "${UNINST_KEY}"
SectionEnd
