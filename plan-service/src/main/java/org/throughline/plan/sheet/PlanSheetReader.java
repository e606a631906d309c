package org.throughline.plan.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.throughline.subgraph.Inputs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a plan spreadsheet, CSV (UTF-8, comma or semicolon separated) or XLSX (the first sheet), into rows numbered
 * as a spreadsheet program numbers them. Problems with the file or its header are reported all at once.
 */
public final class PlanSheetReader {

    /** Beyond this a plan is not a plan but a data dump; the limit keeps one upload from exhausting the heap. */
    public static final int MAX_ROWS = 50_000;

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private PlanSheetReader() {
    }

    public static PlanSheet read(Path file, String fileName) throws InvalidSheetException, UnsupportedSheetException {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".xls") || name.endsWith(".ods") || name.endsWith(".numbers")) {
            throw new UnsupportedSheetException("Only CSV and XLSX plan sheets can be imported; save '" + fileName
                    + "' as .xlsx or .csv.");
        }
        byte[] start = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(start, 0, start.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (read == 0) {
            throw new InvalidSheetException(new SheetProblem(null, null, null, "The file is empty."));
        }
        boolean zip = read == 4 && java.util.Arrays.equals(start, ZIP_MAGIC);
        return zip || name.endsWith(".xlsx") ? readXlsx(file) : readCsv(file);
    }

    // ----- CSV -----

    private static PlanSheet readCsv(Path file) throws InvalidSheetException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSheetException(new SheetProblem(null, null, null,
                    "The CSV file is not UTF-8 text; save it as 'CSV UTF-8', or as .xlsx."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String firstLine = text.lines().findFirst().orElse("");
        char delimiter = count(firstLine, ';') > count(firstLine, ',') ? ';' : ',';
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).get();
        List<SheetProblem> problems = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            var records = parser.iterator();
            if (!records.hasNext()) {
                throw new InvalidSheetException(new SheetProblem(null, null, null, "The file is empty."));
            }
            List<String> headers = records.next().toList();
            Map<Integer, PlanColumn> columns = header(headers, problems);
            Map<PlanColumn, String> letters = letters(columns);
            List<SheetRow> rows = new ArrayList<>();
            int number = 1;
            try {
                while (records.hasNext()) {
                    CSVRecord record = records.next();
                    number = (int) record.getRecordNumber();
                    if (rows.size() >= MAX_ROWS) {
                        throw tooManyRows();
                    }
                    if (record.size() > headers.size()) {
                        problems.add(new SheetProblem(number, null, null, "The row has " + record.size()
                                + " cells, the header " + headers.size() + "."));
                        continue;
                    }
                    Map<PlanColumn, SheetRow.Cell> cells = new EnumMap<>(PlanColumn.class);
                    columns.forEach((index, column) -> {
                        String value = index < record.size() ? record.get(index) : "";
                        cells.put(column, new SheetRow.Cell(value, null));
                    });
                    rows.add(new SheetRow(number, cells));
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                problems.add(new SheetProblem(number + 1, null, null, "The CSV cannot be read from here on: "
                        + Inputs.shown(e.getMessage())));
            }
            if (!problems.isEmpty()) {
                throw new InvalidSheetException(problems);
            }
            return new PlanSheet(letters, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ----- XLSX -----

    private static PlanSheet readXlsx(Path file) throws InvalidSheetException {
        try (OPCPackage workbookPackage = OPCPackage.open(file.toFile(), PackageAccess.READ);
             XSSFWorkbook workbook = new XSSFWorkbook(workbookPackage)) {
            Sheet sheet = workbook.getSheetAt(0);
            FormulaEvaluator formulas = workbook.getCreationHelper().createFormulaEvaluator();
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            Row headerRow = sheet.getRow(sheet.getFirstRowNum());
            if (headerRow == null || sheet.getPhysicalNumberOfRows() == 0) {
                throw new InvalidSheetException(new SheetProblem(null, null, null,
                        "The first sheet of the workbook is empty."));
            }
            if (sheet.getLastRowNum() - headerRow.getRowNum() > MAX_ROWS) {
                throw tooManyRows();
            }
            List<String> headers = new ArrayList<>();
            for (int c = 0; c < Math.max(0, headerRow.getLastCellNum()); c++) {
                headers.add(formatter.formatCellValue(headerRow.getCell(c), formulas));
            }
            List<SheetProblem> problems = new ArrayList<>();
            Map<Integer, PlanColumn> columns = header(headers, problems);
            if (!problems.isEmpty()) {
                throw new InvalidSheetException(problems);
            }
            List<SheetRow> rows = new ArrayList<>();
            for (int r = headerRow.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                Map<PlanColumn, SheetRow.Cell> cells = new EnumMap<>(PlanColumn.class);
                boolean blank = true;
                for (Map.Entry<Integer, PlanColumn> column : columns.entrySet()) {
                    Cell cell = row.getCell(column.getKey());
                    String text = cell == null ? "" : formatter.formatCellValue(cell, formulas).strip();
                    LocalDate date = dateIn(cell, formulas).orElse(null);
                    blank &= text.isEmpty();
                    cells.put(column.getValue(), new SheetRow.Cell(text, date));
                }
                if (!blank) {
                    rows.add(new SheetRow(r + 1, cells));
                }
            }
            return new PlanSheet(letters(columns), rows);
        } catch (InvalidSheetException e) {
            throw e;
        } catch (Exception e) {
            // POI reports a damaged or foreign file through a dozen exception types, checked and not.
            throw new InvalidSheetException(new SheetProblem(null, null, null,
                    "The file is not a readable XLSX workbook: " + Inputs.shown(e.getMessage())));
        }
    }

    private static Optional<LocalDate> dateIn(Cell cell, FormulaEvaluator formulas) {
        if (cell == null) {
            return Optional.empty();
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? formulas.evaluateFormulaCell(cell) : cell.getCellType();
        if (type == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            return Optional.of(cell.getLocalDateTimeCellValue().toLocalDate());
        }
        return Optional.empty();
    }

    // ----- shared -----

    /** The known column at each index; unknown, repeated and missing columns are problems. */
    private static Map<Integer, PlanColumn> header(List<String> headers, List<SheetProblem> problems) {
        Map<Integer, PlanColumn> columns = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i) == null ? "" : headers.get(i).strip();
            if (header.isEmpty()) {
                continue;
            }
            Optional<PlanColumn> column = PlanColumn.ofHeader(header);
            if (column.isEmpty()) {
                problems.add(new SheetProblem(1, header, letter(i) + 1, "Unknown column "
                        + Inputs.shown(header) + "; the columns are " + knownColumns() + "."));
            } else if (columns.containsValue(column.get())) {
                problems.add(new SheetProblem(1, header, letter(i) + 1, "The column "
                        + column.get().header() + " appears twice."));
            } else {
                columns.put(i, column.get());
            }
        }
        for (PlanColumn column : PlanColumn.values()) {
            if (column.required() && !columns.containsValue(column)) {
                problems.add(new SheetProblem(1, column.header(), null, "The required column " + column.header()
                        + " is missing."));
            }
        }
        return columns;
    }

    private static Map<PlanColumn, String> letters(Map<Integer, PlanColumn> columns) {
        Map<PlanColumn, String> letters = new EnumMap<>(PlanColumn.class);
        columns.forEach((index, column) -> letters.put(column, letter(index)));
        return letters;
    }

    /** The column's letter as a spreadsheet program shows it; CSV has none, but people open it in one. */
    private static String letter(int index) {
        return CellReference.convertNumToColString(index);
    }

    private static String knownColumns() {
        return String.join(", ", java.util.Arrays.stream(PlanColumn.values()).map(PlanColumn::header).toList());
    }

    private static InvalidSheetException tooManyRows() {
        return new InvalidSheetException(new SheetProblem(null, null, null, "The sheet has more than " + MAX_ROWS
                + " rows; split the plan by initiative."));
    }

    private static long count(String text, char c) {
        return text.chars().filter(ch -> ch == c).count();
    }
}
